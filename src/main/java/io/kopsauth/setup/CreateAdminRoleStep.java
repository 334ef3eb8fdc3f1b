package io.kopsauth.setup;

import io.kopsauth.aws.IamRoles;
import io.kopsauth.cli.CliException;
import io.kopsauth.json.Json;
import io.kopsauth.workflow.Action;
import io.kopsauth.workflow.Check;
import io.kopsauth.workflow.LineDiff;
import io.kopsauth.workflow.Resource;
import io.kopsauth.workflow.RunContext;
import io.kopsauth.workflow.RunState;
import io.kopsauth.workflow.Step;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Creates the KubernetesAdmin IAM role that the authenticator maps to {@code system:masters}, with the trust
 * policy from the template. The role is tagged with the clusters that use it ({@code kopsauth:clusters}), so
 * teardown can tell when another cluster still needs it. An existing role with the same trust policy is reused;
 * a different one stops the run with a diff unless --update-trust-policy. See the blog's "create an IAM role".
 */
public final class CreateAdminRoleStep implements Step {
    public static final String MANAGED_BY_TAG = "kopsauth:managed-by";
    public static final String CLUSTERS_TAG = "kopsauth:clusters";
    private final SetupInputs in;
    private final SetupPorts ports;

    public CreateAdminRoleStep(SetupInputs in, SetupPorts ports) {
        this.in = in;
        this.ports = ports;
    }

    @Override
    public String id() {
        return "create-admin-role";
    }

    @Override
    public String title() {
        return "Create the " + in.auth().adminRoleName() + " IAM role";
    }

    private String policy(RunState s) {
        return ports.artifacts().trustPolicy(Auth.of(in, s).trustPolicy());
    }

    /** The cluster names in a role's {@code kopsauth:clusters} tag (space-separated). */
    public static Set<String> clusters(IamRoles.Role role) {
        Set<String> out = new LinkedHashSet<>();
        String v = role.tags().get(CLUSTERS_TAG);
        if (v != null) for (String c : v.trim().split("\\s+")) if (!c.isEmpty()) out.add(c);
        return out;
    }

    private static boolean samePolicy(String a, String b) {
        return Json.parse(a).equals(Json.parse(b));
    }

    @Override
    public List<Action> describe(RunContext ctx) {
        RunState s = ctx.state();
        String cluster = s.cluster().orElse("$NAME");
        String doc = s.value(Values.ACCOUNT).isPresent() && s.value(Values.MAPPING_MODE).isPresent() ? policy(s) : null;
        return List.of(Action.aws("aws iam create-role --role-name " + in.auth().adminRoleName()
                        + " --assume-role-policy-document file://trust-policy.json --tags Key=" + MANAGED_BY_TAG
                        + ",Value=kopsauth Key=" + CLUSTERS_TAG + ",Value=" + cluster, doc));
    }

    @Override
    public Check check(RunContext ctx) {
        RunState s = ctx.state();
        String name = in.auth().adminRoleName();
        Optional<IamRoles.Role> role = ports.roles().get(name);
        if (role.isEmpty()) return Check.todo("role " + name + " does not exist");
        if (!samePolicy(role.get().trustPolicy(), policy(s))) return Check.todo("role " + name + " has a different trust policy");
        if (!clusters(role.get()).contains(s.cluster().orElseThrow())) return Check.todo("role is not yet tagged for this cluster");
        if (s.resource(ResourceKinds.IAM_ROLE, name).isEmpty() || s.value(Values.ADMIN_ROLE_ARN).isEmpty()) {
            return Check.todo("role exists but is not in the journal yet");
        }
        return Check.done(role.get().arn() + " with the expected trust policy");
    }

    @Override
    public void apply(RunContext ctx) {
        RunState s = ctx.state();
        String cluster = s.cluster().orElseThrow();
        String name = in.auth().adminRoleName();
        String policy = policy(s);
        Optional<IamRoles.Role> existing = ports.roles().get(name);
        IamRoles.Role role;
        if (existing.isEmpty()) {
            s.record(Resource.created(ResourceKinds.IAM_ROLE, name, id()));
            ctx.checkpoint();
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put(MANAGED_BY_TAG, "kopsauth");
            tags.put(CLUSTERS_TAG, cluster);
            role = ports.roles().create(name, policy, "Kubernetes administrators of kops clusters (kopsauth)", tags);
        } else {
            role = existing.get();
            boolean createdHere = s.resource(ResourceKinds.IAM_ROLE, name).map(Resource::created).orElse(false);
            if (!createdHere) s.record(Resource.adopted(ResourceKinds.IAM_ROLE, name, id()));
            if (!samePolicy(role.trustPolicy(), policy)) {
                String diff = LineDiff.of(Json.pretty(Json.parse(role.trustPolicy())), Json.pretty(Json.parse(policy)));
                if (!in.updateTrustPolicy()) {
                    throw CliException.failed("the IAM role " + name + " exists with a different trust policy (- current, + wanted):\n" + diff,
                            "re-run with --update-trust-policy to replace it", "or choose another role with --admin-role-name NAME");
                }
                s.record(Resource.adopted(ResourceKinds.IAM_ROLE, name, id()).with("previousTrustPolicy", role.trustPolicy()));
                ctx.checkpoint();
                ports.roles().updateTrustPolicy(name, policy);
            }
            Set<String> clusters = clusters(role);
            if (clusters.add(cluster)) ports.roles().tag(name, Map.of(CLUSTERS_TAG, String.join(" ", clusters)));
        }
        s.record(new Resource(ResourceKinds.IAM_ROLE, name, false, id(), Map.of("arn", role.arn(),
                "managedByKopsauth", Boolean.toString(role.tags().containsKey(MANAGED_BY_TAG) || existing.isEmpty()))));
        s.put(Values.ADMIN_ROLE_ARN, role.arn());
    }

    /**
     * Takes this cluster out of the role's {@code kopsauth:clusters} tag; deletes the role (detaching its policies
     * and instance profiles first) only when kopsauth made it and no other cluster uses it. A trust policy that
     * setup replaced on a reused role is put back.
     */
    @Override
    public void undo(RunContext ctx) {
        RunState s = ctx.state();
        String name = in.auth().adminRoleName();
        Optional<Resource> rec = s.resource(ResourceKinds.IAM_ROLE, name);
        Optional<IamRoles.Role> role = ports.roles().get(name);
        if (rec.isEmpty() || role.isEmpty()) {
            rec.ifPresent(r -> s.forget(ResourceKinds.IAM_ROLE, name));
            return;
        }
        Set<String> clusters = clusters(role.get());
        clusters.remove(s.cluster().orElseThrow());
        boolean ours = role.get().tags().containsKey(MANAGED_BY_TAG);
        if (ours && clusters.isEmpty()) {
            for (String p : ports.roles().attachedPolicies(name)) ports.roles().detachPolicy(name, p);
            for (String p : ports.roles().inlinePolicies(name)) ports.roles().deleteInlinePolicy(name, p);
            for (String p : ports.roles().instanceProfiles(name)) ports.roles().removeFromInstanceProfile(p, name);
            ports.roles().delete(name);
        } else {
            if (clusters.isEmpty()) ports.roles().untag(name, List.of(CLUSTERS_TAG));
            else ports.roles().tag(name, Map.of(CLUSTERS_TAG, String.join(" ", clusters)));
            String previous = rec.get().details().get("previousTrustPolicy");
            if (previous != null) ports.roles().updateTrustPolicy(name, previous);
        }
        s.forget(ResourceKinds.IAM_ROLE, name);
    }
}
