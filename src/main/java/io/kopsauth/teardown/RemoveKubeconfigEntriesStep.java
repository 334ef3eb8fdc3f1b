package io.kopsauth.teardown;

import io.kopsauth.kube.Kubeconfig;
import io.kopsauth.setup.AddKubeconfigUserStep;
import io.kopsauth.setup.ResourceKinds;
import io.kopsauth.setup.SetupPorts;
import io.kopsauth.workflow.Resource;
import io.kopsauth.workflow.RunContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes the cluster, user and context entries setup added to the user's kubeconfig, and puts back the previous
 * current-context if it pointed at ours; every other byte of the file stays (lock, backup, atomic write).
 */
public final class RemoveKubeconfigEntriesStep extends UndoStep {
    private final AddKubeconfigUserStep setup;
    private final SetupPorts ports;

    public RemoveKubeconfigEntriesStep(AddKubeconfigUserStep setup, SetupPorts ports) {
        this.setup = setup;
        this.ports = ports;
    }

    @Override
    public String id() {
        return "remove-kubeconfig-entries";
    }

    @Override
    public String title() {
        return "Remove kopsauth's entries from your kubeconfig";
    }

    @Override
    public List<Disposition> assess(RunContext ctx) {
        List<Disposition> out = new ArrayList<>();
        for (Resource r : ctx.state().resources(ResourceKinds.KUBECONFIG_ENTRIES)) {
            Path file = Path.of(r.details().get("file"));
            String context = r.details().get("context");
            Kubeconfig kc = ports.kubeconfigs().exists(file) ? ports.kubeconfigs().read(file) : null;
            boolean present = kc != null && (kc.names(Kubeconfig.Kind.CONTEXTS).contains(context)
                    || kc.names(Kubeconfig.Kind.USERS).contains(r.details().get("user"))
                    || kc.names(Kubeconfig.Kind.CLUSTERS).contains(r.details().get("cluster")));
            if (!present) {
                out.add(Disposition.gone(r.kind(), r.id(), "not in " + file));
                continue;
            }
            String reason = "cluster, user and context '" + context + "' added by kopsauth setup";
            if (kc.currentContext().map(context::equals).orElse(false)) {
                String prev = r.details().getOrDefault("previousCurrentContext", "");
                reason += "; current-context goes back to " + (prev.isEmpty() ? "none" : "'" + prev + "'");
            }
            out.add(Disposition.delete(r.kind(), r.id(), reason));
        }
        return out;
    }

    @Override
    public void apply(RunContext ctx) {
        setup.undo(ctx);
    }
}
