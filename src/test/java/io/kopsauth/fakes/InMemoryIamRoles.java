package io.kopsauth.fakes;

import io.kopsauth.aws.IamRoles;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A stateful in-memory IAM for unit tests; counts role creations to catch duplicates. */
public final class InMemoryIamRoles implements IamRoles {
    public final Map<String, Role> roles = new HashMap<>();
    public final String account;
    public int creates;
    public int deletes;
    /** When true, DeleteRole fails (for tests of --force). */
    public boolean failDeletes;
    public final Map<String, Set<String>> attached = new HashMap<>();
    public final Map<String, Set<String>> inline = new HashMap<>();
    public final Map<String, Set<String>> profiles = new HashMap<>();

    public InMemoryIamRoles(String account) {
        this.account = account;
    }

    @Override
    public synchronized Optional<Role> get(String name) {
        return Optional.ofNullable(roles.get(name));
    }

    @Override
    public synchronized Role create(String name, String trustPolicy, String description, Map<String, String> tags) {
        if (roles.containsKey(name)) throw new IllegalStateException("EntityAlreadyExists " + name);
        Role r = new Role(name, "arn:aws:iam::" + account + ":role/" + name, trustPolicy, tags);
        roles.put(name, r);
        creates++;
        return r;
    }

    private Role role(String name) {
        Role r = roles.get(name);
        if (r == null) throw new IllegalStateException("NoSuchEntity " + name);
        return r;
    }

    @Override
    public synchronized void updateTrustPolicy(String name, String trustPolicy) {
        Role r = role(name);
        roles.put(name, new Role(name, r.arn(), trustPolicy, r.tags()));
    }

    @Override
    public synchronized void tag(String name, Map<String, String> tags) {
        Role r = role(name);
        Map<String, String> t = new LinkedHashMap<>(r.tags());
        t.putAll(tags);
        roles.put(name, new Role(name, r.arn(), r.trustPolicy(), t));
    }

    @Override
    public synchronized void untag(String name, Collection<String> keys) {
        Role r = role(name);
        Map<String, String> t = new LinkedHashMap<>(r.tags());
        keys.forEach(t::remove);
        roles.put(name, new Role(name, r.arn(), r.trustPolicy(), t));
    }

    @Override
    public synchronized List<String> attachedPolicies(String name) {
        return List.copyOf(attached.getOrDefault(name, Set.of()));
    }

    @Override
    public synchronized void detachPolicy(String name, String policyArn) {
        attached.getOrDefault(name, new LinkedHashSet<>()).remove(policyArn);
    }

    @Override
    public synchronized List<String> inlinePolicies(String name) {
        return List.copyOf(inline.getOrDefault(name, Set.of()));
    }

    @Override
    public synchronized void deleteInlinePolicy(String name, String policyName) {
        inline.getOrDefault(name, new LinkedHashSet<>()).remove(policyName);
    }

    @Override
    public synchronized List<String> instanceProfiles(String name) {
        return List.copyOf(profiles.getOrDefault(name, Set.of()));
    }

    @Override
    public synchronized void removeFromInstanceProfile(String profile, String name) {
        profiles.getOrDefault(name, new LinkedHashSet<>()).remove(profile);
    }

    /** Like IAM: DeleteConflict while policies or instance profiles still hold the role. */
    @Override
    public synchronized void delete(String name) {
        if (failDeletes) throw new IllegalStateException("iam:DeleteRole " + name + ": AccessDenied");
        if (!attached.getOrDefault(name, Set.of()).isEmpty() || !inline.getOrDefault(name, Set.of()).isEmpty()
                || !profiles.getOrDefault(name, Set.of()).isEmpty()) {
            throw new IllegalStateException("iam:DeleteRole " + name + ": DeleteConflict: the role still has policies or instance profiles");
        }
        roles.remove(name);
        deletes++;
    }
}
