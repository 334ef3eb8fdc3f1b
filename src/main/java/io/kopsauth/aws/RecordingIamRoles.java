package io.kopsauth.aws;

import io.kopsauth.workflow.Action;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The dry run's {@link IamRoles}: reads go to the real IAM, writes are reported as the equivalent AWS CLI command
 * and remembered, so later reads see the role as it would be.
 */
public final class RecordingIamRoles implements IamRoles {
    private final IamRoles real;
    private final Consumer<Action> sink;
    private final Supplier<String> account;
    private final Map<String, Role> planned = new HashMap<>();

    /** @param account the caller's account, for the ARN of a role the dry run "creates" */
    public RecordingIamRoles(IamRoles real, Consumer<Action> sink, Supplier<String> account) {
        this.real = real;
        this.sink = sink;
        this.account = account;
    }

    private static String tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> "Key=" + e.getKey() + ",Value=" + e.getValue()).collect(Collectors.joining(" "));
    }

    @Override
    public Optional<Role> get(String name) {
        return planned.containsKey(name) ? Optional.of(planned.get(name)) : real.get(name);
    }

    @Override
    public Role create(String name, String trustPolicy, String description, Map<String, String> tags) {
        sink.accept(Action.aws("aws iam create-role --role-name " + name + " --assume-role-policy-document file://trust-policy.json"
                + " --tags " + tags(tags), trustPolicy));
        Role r = new Role(name, "arn:aws:iam::" + account.get() + ":role/" + name, trustPolicy, tags);
        planned.put(name, r);
        return r;
    }

    @Override
    public void updateTrustPolicy(String name, String trustPolicy) {
        sink.accept(Action.aws("aws iam update-assume-role-policy --role-name " + name + " --policy-document file://trust-policy.json",
                trustPolicy));
        get(name).ifPresent(r -> planned.put(name, new Role(r.name(), r.arn(), trustPolicy, r.tags())));
    }

    @Override
    public void tag(String name, Map<String, String> tags) {
        sink.accept(Action.aws("aws iam tag-role --role-name " + name + " --tags " + tags(tags), null));
        get(name).ifPresent(r -> {
            Map<String, String> t = new LinkedHashMap<>(r.tags());
            t.putAll(tags);
            planned.put(name, new Role(r.name(), r.arn(), r.trustPolicy(), t));
        });
    }

    @Override
    public void untag(String name, Collection<String> keys) {
        sink.accept(Action.aws("aws iam untag-role --role-name " + name + " --tag-keys " + String.join(" ", keys), null));
    }

    @Override
    public List<String> attachedPolicies(String name) {
        return planned.containsKey(name) ? List.of() : real.attachedPolicies(name);
    }

    @Override
    public void detachPolicy(String name, String policyArn) {
        sink.accept(Action.aws("aws iam detach-role-policy --role-name " + name + " --policy-arn " + policyArn, null));
    }

    @Override
    public List<String> inlinePolicies(String name) {
        return planned.containsKey(name) ? List.of() : real.inlinePolicies(name);
    }

    @Override
    public void deleteInlinePolicy(String name, String policyName) {
        sink.accept(Action.aws("aws iam delete-role-policy --role-name " + name + " --policy-name " + policyName, null));
    }

    @Override
    public List<String> instanceProfiles(String name) {
        return planned.containsKey(name) ? List.of() : real.instanceProfiles(name);
    }

    @Override
    public void removeFromInstanceProfile(String profile, String name) {
        sink.accept(Action.aws("aws iam remove-role-from-instance-profile --instance-profile-name " + profile + " --role-name " + name, null));
    }

    @Override
    public void delete(String name) {
        sink.accept(Action.aws("aws iam delete-role --role-name " + name, null));
        planned.remove(name);
    }
}
