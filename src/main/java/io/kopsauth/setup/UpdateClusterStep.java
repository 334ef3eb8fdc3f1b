package io.kopsauth.setup;

import io.kopsauth.kops.KopsCommands;
import io.kopsauth.kube.Kubectl;
import io.kopsauth.workflow.Action;
import io.kopsauth.workflow.Check;
import io.kopsauth.workflow.Resource;
import io.kopsauth.workflow.RunContext;
import io.kopsauth.workflow.RunState;
import io.kopsauth.workflow.Step;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds the cluster: {@code kops update cluster --yes --create-kube-config=false} (so kops neither rewrites the
 * user's kubeconfig nor switches its context), then {@code kops export kubeconfig --admin} into a kubeconfig
 * kopsauth keeps for itself: the way to talk to the cluster before IAM authentication works, and the source of
 * the server URL and CA for the user's kubeconfig. See the blog's "kops update cluster --yes" step.
 */
public final class UpdateClusterStep implements Step {
    private final SetupPorts ports;

    public UpdateClusterStep(SetupPorts ports) {
        this.ports = ports;
    }

    @Override
    public String id() {
        return "update-cluster";
    }

    @Override
    public String title() {
        return "Build the cluster (kops update cluster --yes)";
    }

    @Override
    public List<Action> describe(RunContext ctx) {
        RunState s = ctx.state();
        String name = s.cluster().orElse("$NAME");
        String store = s.value(Values.STATE_STORE).orElse("$KOPS_STATE_STORE");
        return List.of(Action.command(KopsCommands.updateCluster(name, store)),
                Action.command(KopsCommands.exportAdminKubeconfig(name, store, ports.adminKubeconfig(name))));
    }

    @Override
    public Check check(RunContext ctx) {
        RunState s = ctx.state();
        if ("true".equals(s.value(Values.CLUSTER_UPDATE_NEEDED).orElse(null))) return Check.todo("the spec changed since the last update");
        Path admin = ports.adminKubeconfig(s.cluster().orElseThrow());
        if (!ports.kubeconfigs().exists(admin)) return Check.todo("no admin kubeconfig yet");
        if (ports.kubectl().healthz(new Kubectl.Target(admin, null)).isEmpty()) return Check.todo("the API server does not answer");
        return Check.done("the API server answers");
    }

    @Override
    public void apply(RunContext ctx) {
        RunState s = ctx.state();
        String name = s.cluster().orElseThrow();
        String store = s.require(Values.STATE_STORE);
        ports.kops().updateCluster(name, store);
        Path admin = ports.adminKubeconfig(name);
        ports.kops().exportAdminKubeconfig(name, store, admin);
        s.record(Resource.created(ResourceKinds.ADMIN_KUBECONFIG, admin.toString(), id()));
        s.put(Values.ADMIN_KUBECONFIG, admin.toString());
        s.put(Values.CLUSTER_UPDATE_NEEDED, null);
    }

    /** Removes the admin kubeconfig kopsauth kept (the cluster itself goes with {@link CreateClusterStep#undo}). */
    @Override
    public void undo(RunContext ctx) throws java.io.IOException {
        RunState s = ctx.state();
        Path admin = ports.adminKubeconfig(s.cluster().orElseThrow());
        if (s.resource(ResourceKinds.ADMIN_KUBECONFIG, admin.toString()).isEmpty()) return;
        java.nio.file.Files.deleteIfExists(admin);
        s.forget(ResourceKinds.ADMIN_KUBECONFIG, admin.toString());
    }
}
