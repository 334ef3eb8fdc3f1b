package io.kopsauth.sandbox.aws;

import io.kopsauth.json.Json;
import io.kopsauth.sigv4.SigV4;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * IAM (query protocol, namespace {@code https://iam.amazonaws.com/doc/2010-05-08/}): roles with their trust
 * policy, tags, managed-policy attachments and inline policies, and instance profiles; persisted in
 * {@code iam.json} (rewritten atomically after each change; IAM state is small).
 */
final class IamService {
    static final String NS = "https://iam.amazonaws.com/doc/2010-05-08/";
    private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]+");
    private static final Pattern PATH = Pattern.compile("(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)");
    private static final Pattern MANAGED_POLICY = Pattern.compile("arn:aws:iam::(aws|\\d{12}):policy/([\\w+=,.@/-]+)");

    /** An IAM role. */
    static final class Role {
        String name;
        String path;
        String id;
        String account;
        String created;
        String description;
        int maxSessionDuration = 3600;
        String trustPolicy;
        final Map<String, String> tags = new LinkedHashMap<>();
        final Set<String> attached = new LinkedHashSet<>();
        final Map<String, String> inline = new TreeMap<>();

        String arn() {
            return "arn:aws:iam::" + account + ":role" + path + name;
        }
    }

    /** An IAM instance profile. */
    static final class InstanceProfile {
        String name;
        String path;
        String id;
        String account;
        String created;
        final List<String> roles = new ArrayList<>();

        String arn() {
            return "arn:aws:iam::" + account + ":instance-profile" + path + name;
        }
    }

    private final Path file;
    private final AccessKeys keys;
    private final Map<String, Role> roles = new LinkedHashMap<>();
    private final Map<String, InstanceProfile> profiles = new LinkedHashMap<>();

    IamService(Path file, AccessKeys keys) {
        this.file = file;
        this.keys = keys;
        load();
    }

    private static String key(String account, String name) {
        return account + "/" + name.toLowerCase(Locale.ROOT);
    }

    synchronized Role role(String account, String name) {
        return roles.get(key(account, name));
    }

    synchronized List<String> roleNames(String account) {
        List<String> out = new ArrayList<>();
        for (Role r : roles.values()) if (r.account.equals(account)) out.add(r.name);
        return out;
    }

    /** Whether a user or role ARN names an existing entity (accounts the sandbox does not know are trusted). */
    synchronized boolean principalExists(String arn) {
        String[] p = arn.split(":", 6);
        if (p.length < 6) return false;
        String account = p[4];
        boolean known = keys.users().stream().anyMatch(u -> u.account().equals(account));
        if (!known) return true;
        String res = p[5];
        String name = res.substring(res.lastIndexOf('/') + 1);
        if (res.startsWith("user/")) {
            return keys.users().stream().anyMatch(u -> u.account().equals(account) && u.userName().equals(name));
        }
        if (res.startsWith("role/")) {
            Role r = roles.get(key(account, name));
            return r != null && r.arn().equals(arn);
        }
        return false;
    }

    synchronized void reset() {
        roles.clear();
        profiles.clear();
        save();
    }

    synchronized AwsResponse handle(Caller caller, Map<String, String> p, Instant now) {
        String action = p.getOrDefault("Action", "");
        String acct = caller.account();
        return switch (action) {
            case "CreateRole" -> createRole(acct, p, now);
            case "GetRole" -> ok(action, x -> writeRole(x, need(acct, QueryProtocol.required(p, "RoleName")), true));
            case "ListRoles" -> listRoles(acct, p);
            case "UpdateAssumeRolePolicy" -> updateTrust(acct, p);
            case "UpdateRole" -> updateRole(acct, p);
            case "DeleteRole" -> deleteRole(acct, p);
            case "TagRole" -> tagRole(acct, p);
            case "UntagRole" -> untagRole(acct, p);
            case "ListRoleTags" -> listRoleTags(acct, p);
            case "AttachRolePolicy" -> attach(acct, p, true);
            case "DetachRolePolicy" -> attach(acct, p, false);
            case "ListAttachedRolePolicies" -> listAttached(acct, p);
            case "PutRolePolicy" -> putRolePolicy(acct, p);
            case "GetRolePolicy" -> getRolePolicy(acct, p);
            case "ListRolePolicies" -> listRolePolicies(acct, p);
            case "DeleteRolePolicy" -> deleteRolePolicy(acct, p);
            case "CreateInstanceProfile" -> createInstanceProfile(acct, p, now);
            case "GetInstanceProfile" -> ok(action, x -> writeProfile(x, needProfile(acct, QueryProtocol.required(p, "InstanceProfileName"))));
            case "DeleteInstanceProfile" -> deleteInstanceProfile(acct, p);
            case "AddRoleToInstanceProfile" -> roleInProfile(acct, p, true);
            case "RemoveRoleFromInstanceProfile" -> roleInProfile(acct, p, false);
            case "ListInstanceProfilesForRole" -> listProfilesForRole(acct, p);
            case "GetUser" -> getUser(caller, p);
            default -> throw new AwsException(400, "InvalidAction",
                    "Could not find operation " + action + " for version " + p.getOrDefault("Version", "NO_VERSION_SPECIFIED"));
        };
    }

    private static AwsResponse ok(String action, java.util.function.Consumer<Xml> result) {
        return QueryProtocol.ok(NS, action, result);
    }

    private static String name(Map<String, String> p, String param, int max) {
        String v = QueryProtocol.required(p, param);
        if (v.isEmpty() || v.length() > max) {
            throw AwsException.validation("1 validation error detected: Value '" + v + "' at '" + QueryProtocol.lowerFirst(param)
                    + "' failed to satisfy constraint: Member must have length less than or equal to " + max);
        }
        if (!NAME.matcher(v).matches()) {
            throw AwsException.validation("1 validation error detected: Value '" + v + "' at '" + QueryProtocol.lowerFirst(param)
                    + "' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+");
        }
        return v;
    }

    private static String path(Map<String, String> p) {
        String path = p.getOrDefault("Path", "/");
        if (path.length() > 512 || !PATH.matcher(path).matches()) {
            throw AwsException.validation("The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.");
        }
        return path;
    }

    private Role need(String account, String name) {
        Role r = roles.get(key(account, name));
        if (r == null) throw AwsException.noSuchEntity("The role with name " + name + " cannot be found.");
        return r;
    }

    private InstanceProfile needProfile(String account, String name) {
        InstanceProfile ip = profiles.get(key(account, name));
        if (ip == null) throw AwsException.noSuchEntity("Instance Profile " + name + " cannot be found.");
        return ip;
    }

    private static String date(Instant now) {
        return now.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static void checkTags(Map<String, String> tags) {
        if (tags.size() > 50) {
            throw new AwsException(400, "LimitExceeded", "Cannot exceed quota for TagsPerRole: 50");
        }
        for (Map.Entry<String, String> t : tags.entrySet()) {
            if (t.getKey().isEmpty() || t.getKey().length() > 128 || t.getValue().length() > 256) {
                throw AwsException.validation("1 validation error detected: Value at 'tags' failed to satisfy constraint: "
                        + "Member must satisfy constraint: [Member must have length less than or equal to 128]");
            }
            if (t.getKey().toLowerCase(Locale.ROOT).startsWith("aws:")) {
                throw AwsException.invalidInput("User-defined tag keys can't start with \"aws:\". This prefix is reserved for AWS tag keys.");
            }
        }
    }

    private AwsResponse createRole(String acct, Map<String, String> p, Instant now) {
        String name = name(p, "RoleName", 64);
        String path = path(p);
        String doc = QueryProtocol.required(p, "AssumeRolePolicyDocument");
        if (roles.containsKey(key(acct, name))) {
            throw new AwsException(409, "EntityAlreadyExists", "Role with name " + name + " already exists.");
        }
        PolicyDocuments.validateTrustPolicy(doc, this::principalExists);
        Map<String, String> tags = QueryProtocol.tagList(p, "Tags");
        checkTags(tags);
        Role r = new Role();
        r.name = name;
        r.path = path;
        r.id = Ids.upper("AROA", 21);
        r.account = acct;
        r.created = date(now);
        r.description = p.get("Description");
        if (p.get("MaxSessionDuration") != null) r.maxSessionDuration = maxSession(p.get("MaxSessionDuration"));
        r.trustPolicy = doc;
        r.tags.putAll(tags);
        roles.put(key(acct, name), r);
        save();
        return ok("CreateRole", x -> writeRole(x, r, true));
    }

    private static int maxSession(String v) {
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 3600 || n > 43200) {
            throw AwsException.validation("1 validation error detected: Value '" + v
                    + "' at 'maxSessionDuration' failed to satisfy constraint: Member must have value less than or equal to 43200");
        }
        return n;
    }

    private void writeRole(Xml x, Role r, boolean full) {
        x.start("Role").elem("Path", r.path).elem("RoleName", r.name).elem("RoleId", r.id).elem("Arn", r.arn())
                .elem("CreateDate", r.created)
                // IAM returns policy documents URL-encoded (RFC 3986); the AWS CLI decodes them for display.
                .elem("AssumeRolePolicyDocument", SigV4.uriEncode(r.trustPolicy, true))
                .elem("Description", r.description).elem("MaxSessionDuration", r.maxSessionDuration);
        if (full) {
            if (!r.tags.isEmpty()) {
                x.start("Tags");
                r.tags.forEach((k, v) -> x.start("member").elem("Key", k).elem("Value", v).end());
                x.end();
            }
            x.start("RoleLastUsed").end();
        }
        x.end();
    }

    private AwsResponse listRoles(String acct, Map<String, String> p) {
        String prefix = p.getOrDefault("PathPrefix", "/");
        List<Role> all = new ArrayList<>();
        for (Role r : roles.values()) if (r.account.equals(acct) && r.path.startsWith(prefix)) all.add(r);
        all.sort((a, b) -> a.name.compareToIgnoreCase(b.name));
        QueryProtocol.Page<Role> page = QueryProtocol.page(all, p, 100);
        return ok("ListRoles", x -> {
            x.start("Roles");
            for (Role r : page.items()) {
                x.start("member").elem("Path", r.path).elem("RoleName", r.name).elem("RoleId", r.id).elem("Arn", r.arn())
                        .elem("CreateDate", r.created).elem("AssumeRolePolicyDocument", SigV4.uriEncode(r.trustPolicy, true))
                        .elem("Description", r.description).elem("MaxSessionDuration", r.maxSessionDuration).end();
            }
            x.end();
            page.writeTail(x);
        });
    }

    private AwsResponse updateTrust(String acct, Map<String, String> p) {
        Role r = need(acct, QueryProtocol.required(p, "RoleName"));
        String doc = QueryProtocol.required(p, "PolicyDocument");
        PolicyDocuments.validateTrustPolicy(doc, this::principalExists);
        r.trustPolicy = doc;
        save();
        return ok("UpdateAssumeRolePolicy", null);
    }

    private AwsResponse updateRole(String acct, Map<String, String> p) {
        Role r = need(acct, QueryProtocol.required(p, "RoleName"));
        if (p.containsKey("Description")) r.description = p.get("Description");
        if (p.get("MaxSessionDuration") != null) r.maxSessionDuration = maxSession(p.get("MaxSessionDuration"));
        save();
        return ok("UpdateRole", x -> { });
    }

    private AwsResponse deleteRole(String acct, Map<String, String> p) {
        Role r = need(acct, QueryProtocol.required(p, "RoleName"));
        if (!r.attached.isEmpty()) {
            throw new AwsException(409, "DeleteConflict", "Cannot delete entity, must detach all policies first.");
        }
        if (!r.inline.isEmpty()) {
            throw new AwsException(409, "DeleteConflict", "Cannot delete entity, must delete policies first.");
        }
        for (InstanceProfile ip : profiles.values()) {
            if (ip.account.equals(acct) && ip.roles.contains(r.name)) {
                throw new AwsException(409, "DeleteConflict", "Cannot delete entity, must remove roles from instance profile first.");
            }
        }
        roles.remove(key(acct, r.name));
        save();
        return ok("DeleteRole", null);
    }

    private AwsResponse tagRole(String acct, Map<String, String> p) {
        Role r = need(acct, QueryProtocol.required(p, "RoleName"));
        Map<String, String> tags = QueryProtocol.tagList(p, "Tags");
        Map<String, String> merged = new LinkedHashMap<>(r.tags);
        merged.putAll(tags);
        checkTags(merged);
        r.tags.clear();
        r.tags.putAll(merged);
        save();
        return ok("TagRole", null);
    }

    private AwsResponse untagRole(String acct, Map<String, String> p) {
        Role r = need(acct, QueryProtocol.required(p, "RoleName"));
        for (String k : QueryProtocol.memberList(p, "TagKeys")) r.tags.remove(k);
        save();
        return ok("UntagRole", null);
    }

    private AwsResponse listRoleTags(String acct, Map<String, String> p) {
        Role r = need(acct, QueryProtocol.required(p, "RoleName"));
        QueryProtocol.Page<Map.Entry<String, String>> page = QueryProtocol.page(new ArrayList<>(r.tags.entrySet()), p, 100);
        return ok("ListRoleTags", x -> {
            x.start("Tags");
            for (Map.Entry<String, String> t : page.items()) x.start("member").elem("Key", t.getKey()).elem("Value", t.getValue()).end();
            x.end();
            page.writeTail(x);
        });
    }

    private AwsResponse attach(String acct, Map<String, String> p, boolean attach) {
        Role r = need(acct, QueryProtocol.required(p, "RoleName"));
        String arn = QueryProtocol.required(p, "PolicyArn");
        var m = MANAGED_POLICY.matcher(arn);
        if (!m.matches()) throw AwsException.invalidInput("ARN " + arn + " is not valid.");
        if (attach) {
            // Only AWS-managed policies exist in the sandbox (it has no CreatePolicy).
            if (!"aws".equals(m.group(1))) {
                throw AwsException.noSuchEntity("Policy " + arn + " does not exist or is not attachable.");
            }
            if (!r.attached.contains(arn) && r.attached.size() >= 10) {
                throw new AwsException(409, "LimitExceeded", "Cannot exceed quota for PoliciesPerRole: 10");
            }
            r.attached.add(arn);
        } else {
            if (!r.attached.remove(arn)) throw AwsException.noSuchEntity("Policy " + arn + " was not found.");
        }
        save();
        return ok(attach ? "AttachRolePolicy" : "DetachRolePolicy", null);
    }

    private AwsResponse listAttached(String acct, Map<String, String> p) {
        Role r = need(acct, QueryProtocol.required(p, "RoleName"));
        String prefix = p.getOrDefault("PathPrefix", "/");
        List<String> all = new ArrayList<>();
        for (String a : r.attached) {
            String res = a.substring(a.indexOf(":policy") + ":policy".length());
            String path = res.substring(0, res.lastIndexOf('/') + 1);
            if (path.startsWith(prefix)) all.add(a);
        }
        QueryProtocol.Page<String> page = QueryProtocol.page(all, p, 100);
        return ok("ListAttachedRolePolicies", x -> {
            x.start("AttachedPolicies");
            for (String a : page.items()) {
                x.start("member").elem("PolicyName", a.substring(a.lastIndexOf('/') + 1)).elem("PolicyArn", a).end();
            }
            x.end();
            page.writeTail(x);
        });
    }

    private AwsResponse putRolePolicy(String acct, Map<String, String> p) {
        Role r = need(acct, QueryProtocol.required(p, "RoleName"));
        String name = name(p, "PolicyName", 128);
        String doc = QueryProtocol.required(p, "PolicyDocument");
        PolicyDocuments.validateIdentityPolicy(doc);
        r.inline.put(name, doc);
        save();
        return ok("PutRolePolicy", null);
    }

    private AwsResponse getRolePolicy(String acct, Map<String, String> p) {
        Role r = need(acct, QueryProtocol.required(p, "RoleName"));
        String name = QueryProtocol.required(p, "PolicyName");
        String doc = r.inline.get(name);
        if (doc == null) {
            throw AwsException.noSuchEntity("The role policy with name " + name + " cannot be found.");
        }
        return ok("GetRolePolicy", x -> x.elem("RoleName", r.name).elem("PolicyName", name)
                .elem("PolicyDocument", SigV4.uriEncode(doc, true)));
    }

    private AwsResponse listRolePolicies(String acct, Map<String, String> p) {
        Role r = need(acct, QueryProtocol.required(p, "RoleName"));
        QueryProtocol.Page<String> page = QueryProtocol.page(new ArrayList<>(r.inline.keySet()), p, 100);
        return ok("ListRolePolicies", x -> {
            x.start("PolicyNames");
            for (String n : page.items()) x.elem("member", n);
            x.end();
            page.writeTail(x);
        });
    }

    private AwsResponse deleteRolePolicy(String acct, Map<String, String> p) {
        Role r = need(acct, QueryProtocol.required(p, "RoleName"));
        String name = QueryProtocol.required(p, "PolicyName");
        if (r.inline.remove(name) == null) {
            throw AwsException.noSuchEntity("The role policy with name " + name + " cannot be found.");
        }
        save();
        return ok("DeleteRolePolicy", null);
    }

    private AwsResponse createInstanceProfile(String acct, Map<String, String> p, Instant now) {
        String name = name(p, "InstanceProfileName", 128);
        String path = path(p);
        if (profiles.containsKey(key(acct, name))) {
            throw new AwsException(409, "EntityAlreadyExists", "Instance Profile " + name + " already exists.");
        }
        InstanceProfile ip = new InstanceProfile();
        ip.name = name;
        ip.path = path;
        ip.id = Ids.upper("AIPA", 21);
        ip.account = acct;
        ip.created = date(now);
        profiles.put(key(acct, name), ip);
        save();
        return ok("CreateInstanceProfile", x -> writeProfile(x, ip));
    }

    private void writeProfile(Xml x, InstanceProfile ip) {
        x.start("InstanceProfile").elem("Path", ip.path).elem("InstanceProfileName", ip.name)
                .elem("InstanceProfileId", ip.id).elem("Arn", ip.arn()).elem("CreateDate", ip.created).start("Roles");
        for (String rn : ip.roles) {
            Role r = roles.get(key(ip.account, rn));
            if (r != null) {
                x.start("member").elem("Path", r.path).elem("RoleName", r.name).elem("RoleId", r.id).elem("Arn", r.arn())
                        .elem("CreateDate", r.created).elem("AssumeRolePolicyDocument", SigV4.uriEncode(r.trustPolicy, true)).end();
            }
        }
        x.end().end();
    }

    private AwsResponse deleteInstanceProfile(String acct, Map<String, String> p) {
        InstanceProfile ip = needProfile(acct, QueryProtocol.required(p, "InstanceProfileName"));
        if (!ip.roles.isEmpty()) {
            throw new AwsException(409, "DeleteConflict", "Cannot delete entity, must remove roles from instance profile first.");
        }
        profiles.remove(key(acct, ip.name));
        save();
        return ok("DeleteInstanceProfile", null);
    }

    private AwsResponse roleInProfile(String acct, Map<String, String> p, boolean add) {
        InstanceProfile ip = needProfile(acct, QueryProtocol.required(p, "InstanceProfileName"));
        Role r = need(acct, QueryProtocol.required(p, "RoleName"));
        if (add) {
            if (ip.roles.contains(r.name)) {
                throw new AwsException(409, "LimitExceeded", "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1");
            }
            if (!ip.roles.isEmpty()) {
                throw new AwsException(409, "LimitExceeded", "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1");
            }
            ip.roles.add(r.name);
        } else if (!ip.roles.remove(r.name)) {
            throw AwsException.noSuchEntity("The role with name " + r.name + " cannot be found.");
        }
        save();
        return ok(add ? "AddRoleToInstanceProfile" : "RemoveRoleFromInstanceProfile", null);
    }

    private AwsResponse listProfilesForRole(String acct, Map<String, String> p) {
        Role r = need(acct, QueryProtocol.required(p, "RoleName"));
        List<InstanceProfile> all = new ArrayList<>();
        for (InstanceProfile ip : profiles.values()) if (ip.account.equals(acct) && ip.roles.contains(r.name)) all.add(ip);
        QueryProtocol.Page<InstanceProfile> page = QueryProtocol.page(all, p, 100);
        return ok("ListInstanceProfilesForRole", x -> {
            x.start("InstanceProfiles");
            for (InstanceProfile ip : page.items()) {
                x.start("member").elem("Path", ip.path).elem("InstanceProfileName", ip.name)
                        .elem("InstanceProfileId", ip.id).elem("Arn", ip.arn()).elem("CreateDate", ip.created).start("Roles");
                x.start("member").elem("Path", r.path).elem("RoleName", r.name).elem("RoleId", r.id).elem("Arn", r.arn())
                        .elem("CreateDate", r.created).elem("AssumeRolePolicyDocument", SigV4.uriEncode(r.trustPolicy, true)).end();
                x.end().end();
            }
            x.end();
            page.writeTail(x);
        });
    }

    private AwsResponse getUser(Caller caller, Map<String, String> p) {
        String name = p.get("UserName");
        AccessKeys.UserKey found = null;
        for (AccessKeys.UserKey u : keys.users()) {
            if (u.account().equals(caller.account()) && (name == null ? u.arn().equals(caller.arn()) : u.userName().equals(name))) {
                found = u;
            }
        }
        if (found == null) {
            if (name == null) {
                throw AwsException.validation("Must specify userName when calling with non-User credentials");
            }
            throw AwsException.noSuchEntity("The user with name " + name + " cannot be found.");
        }
        AccessKeys.UserKey u = found;
        return ok("GetUser", x -> x.start("User").elem("Path", "/").elem("UserName", u.userName()).elem("UserId", u.userId())
                .elem("Arn", u.arn()).elem("CreateDate", Instant.parse(u.created()).truncatedTo(ChronoUnit.SECONDS).toString()).end());
    }

    /** Roles per account for {@code sandbox status}. */
    synchronized List<Map<String, Object>> describeRoles() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Role r : roles.values()) out.add(Json.obj("arn", r.arn(), "created", r.created));
        return out;
    }

    private void load() {
        Map<String, Object> root = StateFiles.readJson(file);
        if (root == null) return;
        for (Object o : (List<?>) root.getOrDefault("roles", List.of())) {
            Map<?, ?> m = (Map<?, ?>) o;
            Role r = new Role();
            r.name = (String) m.get("name");
            r.path = (String) m.get("path");
            r.id = (String) m.get("id");
            r.account = (String) m.get("account");
            r.created = (String) m.get("created");
            r.description = (String) m.get("description");
            r.maxSessionDuration = ((Number) m.get("maxSessionDuration")).intValue();
            r.trustPolicy = (String) m.get("trustPolicy");
            ((Map<?, ?>) m.get("tags")).forEach((k, v) -> r.tags.put(k.toString(), v.toString()));
            for (Object a : (List<?>) m.get("attached")) r.attached.add(a.toString());
            ((Map<?, ?>) m.get("inline")).forEach((k, v) -> r.inline.put(k.toString(), v.toString()));
            roles.put(key(r.account, r.name), r);
        }
        for (Object o : (List<?>) root.getOrDefault("instanceProfiles", List.of())) {
            Map<?, ?> m = (Map<?, ?>) o;
            InstanceProfile ip = new InstanceProfile();
            ip.name = (String) m.get("name");
            ip.path = (String) m.get("path");
            ip.id = (String) m.get("id");
            ip.account = (String) m.get("account");
            ip.created = (String) m.get("created");
            for (Object rn : (List<?>) m.get("roles")) ip.roles.add(rn.toString());
            profiles.put(key(ip.account, ip.name), ip);
        }
    }

    private void save() {
        List<Object> rl = new ArrayList<>();
        for (Role r : roles.values()) {
            rl.add(Json.obj("name", r.name, "path", r.path, "id", r.id, "account", r.account, "created", r.created,
                    "description", r.description, "maxSessionDuration", r.maxSessionDuration, "trustPolicy", r.trustPolicy,
                    "tags", r.tags, "attached", new ArrayList<>(r.attached), "inline", r.inline));
        }
        List<Object> pl = new ArrayList<>();
        for (InstanceProfile ip : profiles.values()) {
            pl.add(Json.obj("name", ip.name, "path", ip.path, "id", ip.id, "account", ip.account, "created", ip.created,
                    "roles", ip.roles));
        }
        StateFiles.writeJson(file, Json.obj("roles", rl, "instanceProfiles", pl));
    }
}
