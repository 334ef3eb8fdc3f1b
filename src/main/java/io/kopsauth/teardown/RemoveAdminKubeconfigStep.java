package io.kopsauth.teardown;

import io.kopsauth.setup.ResourceKinds;
import io.kopsauth.setup.SetupPorts;
import io.kopsauth.setup.UpdateClusterStep;
import io.kopsauth.workflow.Resource;
import io.kopsauth.workflow.RunContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Removes the admin kubeconfig kopsauth kept for the cluster (its admin credentials are of no use once it is gone). */
public final class RemoveAdminKubeconfigStep extends UndoStep {
    private final UpdateClusterStep setup;
    private final SetupPorts ports;

    public RemoveAdminKubeconfigStep(UpdateClusterStep setup, SetupPorts ports) {
        this.setup = setup;
        this.ports = ports;
    }

    @Override
    public String id() {
        return "remove-admin-kubeconfig";
    }

    @Override
    public String title() {
        return "Remove kopsauth's admin kubeconfig";
    }

    @Override
    public List<Disposition> assess(RunContext ctx) {
        List<Disposition> out = new ArrayList<>();
        for (Resource r : ctx.state().resources(ResourceKinds.ADMIN_KUBECONFIG)) {
            out.add(ports.kubeconfigs().exists(Path.of(r.id()))
                    ? Disposition.delete(r.kind(), r.id(), "written by kopsauth setup (kops export kubeconfig --admin)")
                    : Disposition.gone(r.kind(), r.id(), "no such file"));
        }
        return out;
    }

    @Override
    public void apply(RunContext ctx) throws Exception {
        setup.undo(ctx);
    }
}
