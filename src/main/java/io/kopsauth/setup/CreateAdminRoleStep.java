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

    /** What teardown does with an admin role, decided from the role's own tags so it holds across machines. */
    public enum RoleFate {
        /** kopsauth created it and no other kopsauth cluster uses it. */
        DELETE,
        /** Kept: it was not created by kopsauth (no {@code kopsauth:managed-by} tag). */
        KEEP_NOT_OURS,
        /** Kept: other kopsauth clusters still use it (its {@code kopsauth:clusters} tag names them). */
        KEEP_IN_USE,
        /** Kept because the user asked (--keep-role). */
        KEEP_ASKED
    }

    /** The clusters other than {@code cluster} that the role's tag says use it. */
    public static Set<String> otherClusters(IamRoles.Role role, String cluster) {
        Set<String> others = clusters(role);
        others.remove(cluster);
        return others;
    }

    /** Decides a role's fate when {@code cluster} goes; {@code mayDelete} is false under --keep-role. */
    public static RoleFate fate(IamRoles.Role role, String cluster, boolean mayDelete) {
        if (!role.tags().containsKey(MANAGED_BY_TAG)) return RoleFate.KEEP_NOT_OURS;
        if (!otherClusters(role, cluster).isEmpty()) return RoleFate.KEEP_IN_USE;
        return mayDelete ? RoleFate.DELETE : RoleFate.KEEP_ASKED;
    }

    /** See {@link #release}: the role goes when kopsauth made it and no other cluster uses it. */
    @Override
    public void undo(RunContext ctx) {
        release(ctx, true);
    }

    /**
     * For each role the journal holds: takes this cluster out of the role's {@code kopsauth:clusters} tag; deletes
     * the role (detaching managed policies, deleting inline ones and leaving instance profiles first) only if
     * {@link #fate} says so; puts back a trust policy setup replaced on a reused role. A role already gone is fine.
     */
    public void release(RunContext ctx, boolean mayDelete) {
        RunState s = ctx.state();
        String cluster = s.cluster().orElseThrow();
        for (Resource rec : s.resources(ResourceKinds.IAM_ROLE)) {
            String name = rec.id();
            Optional<IamRoles.Role> role = ports.roles().get(name);
            if (role.isPresent()) {
                RoleFate fate = fate(role.get(), cluster, mayDelete);
                if (fate == RoleFate.DELETE) {
                    for (String p : ports.roles().attachedPolicies(name)) ports.roles().detachPolicy(name, p);
                    for (String p : ports.roles().inlinePolicies(name)) ports.roles().deleteInlinePolicy(name, p);
                    for (String p : ports.roles().instanceProfiles(name)) ports.roles().removeFromInstanceProfile(p, name);
                    ports.roles().delete(name);
                } else {
                    Set<String> others = otherClusters(role.get(), cluster);
                    if (clusters(role.get()).contains(cluster)) {
                        if (others.isEmpty()) ports.roles().untag(name, List.of(CLUSTERS_TAG));
                        else ports.roles().tag(name, Map.of(CLUSTERS_TAG, String.join(" ", others)));
                    }
                    String previous = rec.details().get("previousTrustPolicy");
                    if (previous != null && !samePolicy(previous, role.get().trustPolicy())) ports.roles().updateTrustPolicy(name, previous);
                }
            }
            s.forget(ResourceKinds.IAM_ROLE, name);
        }
    }
}
