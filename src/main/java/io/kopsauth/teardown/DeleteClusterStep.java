package io.kopsauth.teardown;

import io.kopsauth.setup.CreateClusterStep;
import io.kopsauth.setup.ResourceKinds;
import io.kopsauth.setup.SetupPorts;
import io.kopsauth.setup.Values;
import io.kopsauth.workflow.Resource;
import io.kopsauth.workflow.RunContext;
import io.kopsauth.workflow.RunState;
import java.util.List;
import java.util.Optional;

/**
 * {@code kops delete cluster --name NAME --yes} with kops' progress shown, for a cluster kopsauth created; a
 * cluster kops no longer knows is already gone; a reused cluster is kept.
 */
public final class DeleteClusterStep extends UndoStep {
    private final CreateClusterStep setup;
    private final SetupPorts ports;

    public DeleteClusterStep(CreateClusterStep setup, SetupPorts ports) {
        this.setup = setup;
        this.ports = ports;
    }

    @Override
    public String id() {
        return "delete-cluster";
    }

    @Override
    public String title() {
        return "Delete the kops cluster (kops delete cluster --yes)";
    }

    @Override
    public List<Disposition> assess(RunContext ctx) {
        RunState s = ctx.state();
        String name = s.cluster().orElseThrow();
        Optional<Resource> r = s.resource(ResourceKinds.KOPS_CLUSTER, name);
        if (r.isEmpty()) return List.of();
        String kind = ResourceKinds.KOPS_CLUSTER;
        if (!r.get().created()) return List.of(Disposition.keep(kind, name, "not created by kopsauth (it existed before setup)"));
        if (ports.kops().getClusterYaml(name, s.require(Values.STATE_STORE)).isEmpty()) {
            return List.of(Disposition.gone(kind, name, "kops has no such cluster in " + s.require(Values.STATE_STORE)));
        }
        return List.of(Disposition.delete(kind, name, "created by kopsauth: its cloud resources and state go"));
    }

    @Override
    public void apply(RunContext ctx) {
        setup.undo(ctx);
    }
}
