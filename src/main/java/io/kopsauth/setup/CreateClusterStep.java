package io.kopsauth.setup;

import io.kopsauth.kops.Kops;
import io.kopsauth.kops.KopsCommands;
import io.kopsauth.workflow.Action;
import io.kopsauth.workflow.Check;
import io.kopsauth.workflow.Resource;
import io.kopsauth.workflow.RunContext;
import io.kopsauth.workflow.RunState;
import io.kopsauth.workflow.Step;
import java.util.List;

/**
 * Registers the cluster in the state store with {@code kops create cluster} (no --yes: nothing is built yet,
 * so the spec can be edited first). Skipped when {@code kops get cluster} already finds it.
 * See the blog's "kops create cluster" step and https://kops.sigs.k8s.io/cli/kops_create_cluster/.
 */
public final class CreateClusterStep implements Step {
    private final SetupInputs in;
    private final SetupPorts ports;

    public CreateClusterStep(SetupInputs in, SetupPorts ports) {
        this.in = in;
        this.ports = ports;
    }

    @Override
    public String id() {
        return "create-cluster";
    }

    @Override
    public String title() {
        return "Create the kops cluster configuration";
    }

    private Kops.CreateCluster spec(RunState s) {
        return new Kops.CreateCluster(s.cluster().orElse("$NAME"), in.zones(), s.value(Values.STATE_STORE).orElse("$KOPS_STATE_STORE"),
                in.nodeCount(), in.nodeSize(), in.controlPlaneSize(), in.kubernetesVersion());
    }

    @Override
    public List<Action> describe(RunContext ctx) {
        return List.of(Action.command(KopsCommands.createCluster(spec(ctx.state()))));
    }

    @Override
    public Check check(RunContext ctx) {
        RunState s = ctx.state();
        String name = s.cluster().orElseThrow();
        if (ports.kops().getClusterYaml(name, s.require(Values.STATE_STORE)).isEmpty()) {
            return Check.todo("kops has no cluster " + name);
        }
        if (s.resource(ResourceKinds.KOPS_CLUSTER, name).isEmpty()) return Check.todo("cluster " + name + " exists but is not in the journal yet");
        return Check.done("kops knows cluster " + name);
    }

    @Override
    public void apply(RunContext ctx) {
        RunState s = ctx.state();
        String name = s.cluster().orElseThrow();
        if (ports.kops().getClusterYaml(name, s.require(Values.STATE_STORE)).isPresent()) {
            if (s.resource(ResourceKinds.KOPS_CLUSTER, name).isEmpty()) {
                ctx.note("cluster " + name + " already exists; reusing it");
                s.record(Resource.adopted(ResourceKinds.KOPS_CLUSTER, name, id()));
            }
            return;
        }
        s.record(Resource.created(ResourceKinds.KOPS_CLUSTER, name, id()).with("stateStore", s.require(Values.STATE_STORE)));
        s.put(Values.CLUSTER_UPDATE_NEEDED, "true");
        ctx.checkpoint();
        ports.kops().createCluster(spec(s));
    }

    /** {@code kops delete cluster --yes}, only for a cluster kopsauth created. */
    @Override
    public void undo(RunContext ctx) {
        RunState s = ctx.state();
        String name = s.cluster().orElseThrow();
        if (!s.resource(ResourceKinds.KOPS_CLUSTER, name).map(Resource::created).orElse(false)) return;
        if (ports.kops().getClusterYaml(name, s.require(Values.STATE_STORE)).isPresent()) {
            // kops prints a line per cloud resource it deletes; show them as they come.
            ports.kops().deleteCluster(name, s.require(Values.STATE_STORE), line -> {
                if (!line.isBlank()) ctx.note(line.strip());
            });
        }
        s.forget(ResourceKinds.KOPS_CLUSTER, name);
    }
}
