package io.kopsauth.sandbox.kube;

import static io.kopsauth.sandbox.kube.SimCluster.map;

import io.kopsauth.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Kubernetes REST surface of one simulated cluster: discovery, CRUD with label/field selectors, merge and apply
 * patches, Table printing, SelfSubjectReview and SelfSubjectAccessReview, and authorization (system:masters may do
 * everything; others only discovery and self reviews).
 */
public final class KubeApi {

    /** An HTTP answer. */
    public record Answer(int status, String contentType, String body) {
        static Answer json(int status, Object body) {
            return new Answer(status, "application/json", Json.write(body));
        }
    }

    /** A request, path relative to the cluster's prefix. */
    public record Request(String method, String path, Map<String, String> query, String accept, String contentType, byte[] rawBody) {
        String body() {
            return new String(rawBody, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final String serverAddress;

    public KubeApi(String serverAddress) {
        this.serverAddress = serverAddress;
    }

    /** Serves one authenticated request against {@code c} (the caller holds its lock and has ticked it). */
    public Answer serve(SimCluster c, TokenReviewer.Subject who, Request r, long now) {
        try {
            return route(c, who, r, now);
        } catch (ApiException e) {
            return Answer.json(e.code(), e.status());
        }
    }

    private Answer route(SimCluster c, TokenReviewer.Subject who, Request r, long now) {
        String p = r.path().length() > 1 && r.path().endsWith("/") ? r.path().substring(0, r.path().length() - 1) : r.path();
        if (p.isEmpty()) p = "/";
        switch (p) {
            case "/api" -> {
                requireAuthenticated(who, "get", p);
                return Answer.json(200, ApiResources.apiVersions(serverAddress));
            }
            case "/apis" -> {
                requireAuthenticated(who, "get", p);
                return Answer.json(200, ApiResources.apiGroupList());
            }
            case "/" -> {
                requireAuthenticated(who, "get", p);
                return Answer.json(200, Json.obj("paths", List.of("/api", "/api/v1", "/apis", "/healthz", "/livez", "/readyz", "/version")));
            }
            default -> { }
        }
        String[] parts = p.substring(1).split("/");
        String group;
        String version;
        int i;
        if (parts[0].equals("api") && parts.length >= 2) {
            group = "";
            version = parts[1];
            i = 2;
        } else if (parts[0].equals("apis") && parts.length >= 2) {
            group = parts[1];
            if (parts.length == 2) {
                requireAuthenticated(who, "get", p);
                String v = ApiResources.groups().get(group);
                if (v == null) throw notFoundPath();
                return Answer.json(200, ApiResources.apiGroup(group, v));
            }
            version = parts[2];
            i = 3;
        } else {
            throw notFoundPath();
        }
        if (i == parts.length) {
            requireAuthenticated(who, "get", p);
            return Answer.json(200, ApiResources.resourceList(group, version).orElseThrow(KubeApi::notFoundPath));
        }
        String ns = null;
        if (parts[i].equals("namespaces") && parts.length >= i + 3) {
            ns = parts[i + 1];
            i += 2;
        }
        String plural = parts[i];
        String name = parts.length > i + 1 ? parts[i + 1] : null;
        String sub = parts.length > i + 2 ? parts[i + 2] : null;
        ApiResources.Type type = ApiResources.find(group, version, plural).orElseThrow(KubeApi::notFoundPath);
        if (type.namespaced() != (ns != null) && !(type.namespaced() && name == null && r.method().equals("GET"))) {
            throw notFoundPath();
        }
        if (!type.storable()) return review(c, who, type, r, now);
        String verb = verb(r.method(), name, r.query());
        authorize(who, verb, type, ns, name, sub);
        if (sub != null && !sub.equals("status")) throw notFoundPath();
        if (ns != null && !type.plural().equals("namespaces") && c.get("namespaces", "", ns) == null
                && (verb.equals("create"))) {
            throw new ApiException(404, "NotFound", "namespaces \"" + ns + "\" not found",
                    Json.obj("name", ns, "kind", "namespaces"));
        }
        return switch (verb) {
            case "get" -> Answer.json(200, maybeTable(type, List.of(require(c, type, ns, name)), c, r, now, false));
            case "list", "watch" -> list(c, type, ns, r, now);
            case "create" -> create(c, type, ns, r, now);
            case "update" -> update(c, type, ns, name, r);
            case "patch" -> patch(c, type, ns, name, r, now);
            case "delete" -> delete(c, type, ns, name, r);
            case "deletecollection" -> deleteCollection(c, type, ns, r);
            default -> throw new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", null);
        };
    }

    private static String verb(String method, String name, Map<String, String> q) {
        return switch (method) {
            case "GET" -> name != null ? "get" : "true".equals(q.get("watch")) ? "watch" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name != null ? "delete" : "deletecollection";
            default -> method.toLowerCase();
        };
    }

    static ApiException notFoundPath() {
        return new ApiException(404, "NotFound", "the server could not find the requested resource", Json.obj());
    }

    private static void requireAuthenticated(TokenReviewer.Subject who, String verb, String path) {
        if (!who.groups().contains("system:authenticated")) {
            throw new ApiException(403, "Forbidden", "forbidden: User \"" + who.username() + "\" cannot " + verb + " path \"" + path + "\"", Json.obj());
        }
    }

    /** Kubernetes' Forbidden message format. */
    static String forbiddenMessage(String user, String verb, ApiResources.Type t, String ns, String name, String sub) {
        String what = t.qualified() + (name != null ? " \"" + name + "\"" : "");
        String res = t.plural() + (sub != null ? "/" + sub : "");
        String scope = t.namespaced() && ns != null ? " in the namespace \"" + ns + "\"" : " at the cluster scope";
        return what + " is forbidden: User \"" + user + "\" cannot " + verb + " resource \"" + res + "\" in API group \""
                + t.group() + "\"" + scope;
    }

    private static void authorize(TokenReviewer.Subject who, String verb, ApiResources.Type t, String ns, String name, String sub) {
        if (who.isMaster()) return;
        throw new ApiException(403, "Forbidden", forbiddenMessage(who.username(), verb, t, ns, name, sub),
                Json.obj("name", name, "group", t.group().isEmpty() ? null : t.group(), "kind", t.plural()));
    }

    private Map<String, Object> require(SimCluster c, ApiResources.Type t, String ns, String name) {
        Map<String, Object> o = c.get(t.plural(), ns, name);
        if (o == null) throw ApiException.notFound(t, name);
        return o;
    }

    private static boolean wantsTable(Request r) {
        return r.accept() != null && r.accept().contains("as=Table");
    }

    private Object maybeTable(ApiResources.Type t, List<Map<String, Object>> items, SimCluster c, Request r, long now, boolean isList) {
        if (wantsTable(r)) return Tables.table(t, items, String.valueOf(c.resourceVersion), Instant.ofEpochMilli(now));
        if (!isList) return items.get(0);
        return Json.obj("kind", t.kind() + "List", "apiVersion", t.groupVersion(),
                "metadata", Json.obj("resourceVersion", String.valueOf(c.resourceVersion)), "items", items);
    }

    private Answer list(SimCluster c, ApiResources.Type t, String ns, Request r, long now) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (Map<String, Object> o : c.list(t.plural(), t.namespaced() ? ns : null)) {
            Map<String, Object> labels = map(map(o.get("metadata")).get("labels"));
            if (Patches.labelsMatch(labels, r.query().get("labelSelector")) && Patches.fieldsMatch(o, r.query().get("fieldSelector"))) {
                items.add(o);
            }
        }
        if ("true".equals(r.query().get("watch"))) {
            // A watch that reports the current objects as ADDED and then ends; clients re-list or re-watch.
            StringBuilder sb = new StringBuilder();
            for (Map<String, Object> o : items) sb.append(Json.write(Json.obj("type", "ADDED", "object", o))).append('\n');
            return new Answer(200, "application/json", sb.toString());
        }
        return Answer.json(200, maybeTable(t, items, c, r, now, true));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parseBody(Request r) {
        if (r.body() == null || r.body().isBlank()) throw ApiException.badRequest("the request body is empty");
        Object o;
        try {
            o = r.contentType() != null && r.contentType().contains("yaml")
                    ? Patches.copy(new Yaml(new SafeConstructor(new LoaderOptions())).load(r.body()))
                    : Json.parse(r.body());
        } catch (RuntimeException e) {
            throw ApiException.badRequest("the request body is not valid: " + e.getMessage());
        }
        if (!(o instanceof Map)) throw ApiException.badRequest("the request body must be an object");
        return (Map<String, Object>) o;
    }

    private static boolean dryRun(Request r) {
        return r.query().containsKey("dryRun");
    }

    private Answer create(SimCluster c, ApiResources.Type t, String ns, Request r, long now) {
        Map<String, Object> obj = parseBody(r);
        Map<String, Object> meta = map(obj.get("metadata"));
        String name = (String) meta.get("name");
        if (name == null && meta.get("generateName") != null) name = meta.get("generateName") + Long.toString(now % 100000, 36);
        if (name == null || name.isEmpty()) {
            throw new ApiException(422, "Invalid", t.kind() + " \"\" is invalid: metadata.name: Required value: name or generateName is required",
                    Json.obj("kind", t.kind()));
        }
        if (c.get(t.plural(), ns, name) != null) throw ApiException.alreadyExists(t, name);
        if (dryRun(r)) return Answer.json(201, obj);
        return Answer.json(201, c.putNew(t.plural(), t.namespaced() ? ns : null, name, obj, now));
    }

    private Answer update(SimCluster c, ApiResources.Type t, String ns, String name, Request r) {
        Map<String, Object> old = require(c, t, ns, name);
        Map<String, Object> obj = parseBody(r);
        Object rv = map(obj.get("metadata")).get("resourceVersion");
        Map<String, Object> oldMeta = map(old.get("metadata"));
        if (rv != null && !rv.equals(oldMeta.get("resourceVersion"))) {
            throw new ApiException(409, "Conflict", "Operation cannot be fulfilled on " + t.qualified() + " \"" + name
                    + "\": the object has been modified; please apply your changes to the latest version and try again",
                    Json.obj("name", name, "kind", t.plural()));
        }
        return Answer.json(200, replace(c, old, obj, dryRun(r)));
    }

    /** Replaces an object's content, keeping its identity (uid, creationTimestamp) and bumping its resourceVersion. */
    private static Map<String, Object> replace(SimCluster c, Map<String, Object> old, Map<String, Object> obj, boolean dryRun) {
        Map<String, Object> oldMeta = map(old.get("metadata"));
        Map<String, Object> meta = new LinkedHashMap<>(map(obj.get("metadata")));
        for (String k : List.of("name", "namespace", "uid", "creationTimestamp", "generation", "resourceVersion")) {
            if (oldMeta.containsKey(k)) meta.put(k, oldMeta.get(k));
        }
        Map<String, Object> next = new LinkedHashMap<>();
        next.put("apiVersion", old.get("apiVersion"));
        next.put("kind", old.get("kind"));
        next.put("metadata", meta);
        obj.forEach((k, v) -> { if (!k.equals("apiVersion") && !k.equals("kind") && !k.equals("metadata")) next.put(k, v); });
        if (!Json.write(stripMeta(next)).equals(Json.write(stripMeta(old))) || !meta.equals(oldMeta)) {
            if (meta.get("generation") instanceof Number g && !Json.write(next.get("spec")).equals(Json.write(old.get("spec")))) {
                meta.put("generation", g.longValue() + 1);
            }
            if (!dryRun) {
                old.clear();
                old.putAll(next);
                c.bump(old);
            }
        }
        return dryRun ? next : old;
    }

    private static Map<String, Object> stripMeta(Map<String, Object> o) {
        Map<String, Object> m = new LinkedHashMap<>(o);
        m.remove("metadata");
        return m;
    }

    @SuppressWarnings("unchecked")
    private Answer patch(SimCluster c, ApiResources.Type t, String ns, String name, Request r, long now) {
        String ct = r.contentType() == null ? "" : r.contentType();
        Map<String, Object> old = c.get(t.plural(), ns, name);
        if (ct.startsWith("application/apply-patch")) {
            Map<String, Object> applied = parseBody(r);
            if (old == null) {
                if (dryRun(r)) return Answer.json(201, applied);
                return Answer.json(201, c.putNew(t.plural(), t.namespaced() ? ns : null, name, applied, now));
            }
            return Answer.json(200, replace(c, old, (Map<String, Object>) Patches.apply(Patches.copy(old), applied), dryRun(r)));
        }
        if (old == null) throw ApiException.notFound(t, name);
        Map<String, Object> merged;
        if (ct.startsWith("application/merge-patch+json")) {
            merged = (Map<String, Object>) Patches.mergePatch(Patches.copy(old), parseBody(r), false);
        } else if (ct.startsWith("application/strategic-merge-patch+json")) {
            merged = (Map<String, Object>) Patches.mergePatch(Patches.copy(old), parseBody(r), true);
        } else {
            throw new ApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: "
                    + "application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml", null);
        }
        return Answer.json(200, replace(c, old, merged, dryRun(r)));
    }

    private Answer delete(SimCluster c, ApiResources.Type t, String ns, String name, Request r) {
        Map<String, Object> o = require(c, t, ns, name);
        if (dryRun(r)) return Answer.json(200, o);
        if (t.plural().equals("namespaces") && List.of("default", "kube-system", "kube-public", "kube-node-lease").contains(name)) {
            throw new ApiException(403, "Forbidden", "namespaces \"" + name + "\" is forbidden: this namespace may not be deleted",
                    Json.obj("name", name, "kind", "namespaces"));
        }
        c.remove(t.plural(), ns, name);
        if (t.plural().equals("namespaces")) {
            for (String k : new ArrayList<>(c.objects.keySet())) {
                String[] kp = k.split("\\|", 3);
                if (kp[1].equals(name)) c.remove(kp[0], kp[1], kp[2]);
            }
        }
        if (t.plural().equals("pods") || t.plural().equals("namespaces")) return Answer.json(200, o);
        return Answer.json(200, Json.obj("kind", "Status", "apiVersion", "v1", "metadata", Json.obj(), "status", "Success",
                "details", Json.obj("name", name, "group", t.group().isEmpty() ? null : t.group(), "kind", t.plural(),
                        "uid", map(o.get("metadata")).get("uid"))));
    }

    private Answer deleteCollection(SimCluster c, ApiResources.Type t, String ns, Request r) {
        List<Object> gone = new ArrayList<>();
        for (Map<String, Object> o : c.list(t.plural(), t.namespaced() ? ns : null)) {
            Map<String, Object> labels = map(map(o.get("metadata")).get("labels"));
            if (Patches.labelsMatch(labels, r.query().get("labelSelector")) && Patches.fieldsMatch(o, r.query().get("fieldSelector"))) {
                gone.add(o);
            }
        }
        if (!dryRun(r)) {
            for (Object o : gone) c.remove(t.plural(), ns, String.valueOf(map(map(o).get("metadata")).get("name")));
        }
        return Answer.json(200, Json.obj("kind", t.kind() + "List", "apiVersion", t.groupVersion(), "metadata", Json.obj(), "items", gone));
    }

    private Answer review(SimCluster c, TokenReviewer.Subject who, ApiResources.Type t, Request r, long now) {
        if (!r.method().equals("POST")) throw new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", null);
        Map<String, Object> in = r.contentType() != null && r.contentType().contains("protobuf")
                ? ProtoReviews.review(r.rawBody()) : parseBody(r);
        Map<String, Object> meta = Json.obj("creationTimestamp", SimCluster.iso(now));
        switch (t.plural()) {
            case "selfsubjectreviews" -> {
                requireAuthenticated(who, "create", r.path());
                Map<String, Object> ui = Json.obj("username", who.username(), "uid", who.uid().isEmpty() ? null : who.uid(),
                        "groups", who.groups(), "extra", who.extra().isEmpty() ? null : who.extra());
                return Answer.json(201, Json.obj("kind", "SelfSubjectReview", "apiVersion", "authentication.k8s.io/v1",
                        "metadata", meta, "status", Json.obj("userInfo", ui)));
            }
            case "selfsubjectaccessreviews" -> {
                requireAuthenticated(who, "create", r.path());
                Map<String, Object> spec = map(in.get("spec"));
                boolean allowed = who.isMaster() || isSelfReview(spec);
                Map<String, Object> status = Json.obj("allowed", allowed);
                if (!allowed) status.put("reason", "");
                return Answer.json(201, Json.obj("kind", "SelfSubjectAccessReview", "apiVersion", "authorization.k8s.io/v1",
                        "metadata", meta, "spec", spec, "status", status));
            }
            case "selfsubjectrulesreviews" -> {
                requireAuthenticated(who, "create", r.path());
                List<Object> rules = new ArrayList<>();
                if (who.isMaster()) rules.add(Json.obj("verbs", List.of("*"), "apiGroups", List.of("*"), "resources", List.of("*")));
                rules.add(Json.obj("verbs", List.of("create"), "apiGroups", List.of("authorization.k8s.io"),
                        "resources", List.of("selfsubjectaccessreviews", "selfsubjectrulesreviews")));
                rules.add(Json.obj("verbs", List.of("create"), "apiGroups", List.of("authentication.k8s.io"), "resources", List.of("selfsubjectreviews")));
                return Answer.json(201, Json.obj("kind", "SelfSubjectRulesReview", "apiVersion", "authorization.k8s.io/v1",
                        "metadata", meta, "spec", in.get("spec"), "status", Json.obj("resourceRules", rules,
                                "nonResourceRules", List.of(Json.obj("verbs", List.of("get"), "nonResourceURLs", who.isMaster() ? List.of("*")
                                        : List.of("/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/readyz", "/version", "/version/"))),
                                "incomplete", false)));
            }
            default -> {
                authorize(who, "create", t, null, null, null);
                throw new ApiException(405, "MethodNotAllowed", "the sandbox does not serve " + t.plural(), null);
            }
        }
    }

    private static boolean isSelfReview(Map<String, Object> spec) {
        Map<String, Object> ra = map(spec.get("resourceAttributes"));
        Map<String, Object> nra = map(spec.get("nonResourceAttributes"));
        if (!nra.isEmpty()) {
            String path = String.valueOf(nra.get("path"));
            return "get".equals(nra.get("verb")) && (path.startsWith("/api") || path.equals("/healthz") || path.equals("/version")
                    || path.equals("/livez") || path.equals("/readyz"));
        }
        String res = String.valueOf(ra.get("resource"));
        return "create".equals(ra.get("verb")) && (res.equals("selfsubjectaccessreviews") || res.equals("selfsubjectrulesreviews")
                || res.equals("selfsubjectreviews"));
    }

    /** {@code GET /version}. */
    public static Map<String, Object> version(SimCluster c) {
        String v = c.kubernetesVersion();
        String[] mm = v.substring(1).split("\\.");
        return Json.obj("major", mm[0], "minor", mm.length > 1 ? mm[1] : "0", "gitVersion", v,
                "gitCommit", "0000000000000000000000000000000000000000", "gitTreeState", "clean",
                "buildDate", "2026-01-01T00:00:00Z", "goVersion", "go1.24.6", "compiler", "gc", "platform", "linux/amd64");
    }

    /** The object named in a path, for messages. */
    static Optional<String> nameOf(Map<String, Object> o) {
        return Optional.ofNullable((String) map(o.get("metadata")).get("name"));
    }
}
