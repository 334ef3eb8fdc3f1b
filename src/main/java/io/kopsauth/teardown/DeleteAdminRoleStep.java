package io.kopsauth.teardown;

import io.kopsauth.aws.IamRoles;
import io.kopsauth.setup.CreateAdminRoleStep;
import io.kopsauth.setup.ResourceKinds;
import io.kopsauth.setup.SetupPorts;
import io.kopsauth.workflow.Resource;
import io.kopsauth.workflow.RunContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The admin IAM role: deleted only if kopsauth created it and no other kopsauth cluster uses it, as the role's own
 * tags say (so this holds across machines and operators); otherwise it stays and only this cluster leaves its
 * {@code kopsauth:clusters} tag (and a trust policy setup replaced comes back).
 */
public final class DeleteAdminRoleStep extends UndoStep {
    private final CreateAdminRoleStep setup;
    private final SetupPorts ports;
    private final boolean keepRole;

    public DeleteAdminRoleStep(CreateAdminRoleStep setup, SetupPorts ports, boolean keepRole) {
        this.setup = setup;
        this.ports = ports;
        this.keepRole = keepRole;
    }

    @Override
    public String id() {
        return "delete-admin-role";
    }

    @Override
    public String title() {
        return "Delete the admin IAM role if nothing else uses it";
    }

    @Override
    public List<Disposition> assess(RunContext ctx) {
        String cluster = ctx.state().cluster().orElseThrow();
        List<Disposition> out = new ArrayList<>();
        for (Resource r : ctx.state().resources(ResourceKinds.IAM_ROLE)) {
            Optional<IamRoles.Role> role = ports.roles().get(r.id());
            if (role.isEmpty()) {
                out.add(Disposition.gone(r.kind(), r.id(), "IAM has no such role"));
                continue;
            }
            out.add(disposition(r, role.get(), cluster, keepRole));
        }
        return out;
    }

    /** The pure decision, from the journal's record and the role as IAM reports it. */
    static Disposition disposition(Resource rec, IamRoles.Role role, String cluster, boolean keepRole) {
        String name = rec.id();
        Set<String> others = CreateAdminRoleStep.otherClusters(role, cluster);
        boolean tagged = CreateAdminRoleStep.clusters(role).contains(cluster);
        boolean restore = rec.details().containsKey("previousTrustPolicy");
        String why = switch (CreateAdminRoleStep.fate(role, cluster, !keepRole)) {
            case DELETE -> null;
            case KEEP_NOT_OURS -> "not created by kopsauth";
            case KEEP_IN_USE -> "still used by kopsauth cluster" + (others.size() == 1 ? " " : "s ") + String.join(", ", others);
            case KEEP_ASKED -> "--keep-role";
        };
        if (why == null) return Disposition.delete(rec.kind(), name, "created by kopsauth; no other kopsauth cluster uses it");
        if (!tagged && !restore) return Disposition.keep(rec.kind(), name, why);
        List<String> marks = new ArrayList<>();
        if (tagged) marks.add("this cluster leaves its kopsauth:clusters tag");
        if (restore) marks.add("its previous trust policy comes back");
        return Disposition.untag(rec.kind(), name, why + "; " + String.join(", ", marks));
    }

    @Override
    public void apply(RunContext ctx) {
        setup.release(ctx, !keepRole);
    }
}
