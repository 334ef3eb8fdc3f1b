package io.kopsauth.kube;

import io.kopsauth.workflow.Action;
import io.kopsauth.workflow.LineDiff;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The dry run's {@link Kubeconfigs}: an edit is applied to an in-memory copy and reported as the changed lines only
 * (the rest of the file, other users' credentials included, is none of our business);
 * nothing is written. A kubeconfig the dry run only planned (the admin one kops would export) reads as a
 * placeholder cluster entry.
 */
public final class RecordingKubeconfigs implements Kubeconfigs {
    private final Kubeconfigs real;
    private final Consumer<Action> sink;

    public RecordingKubeconfigs(Kubeconfigs real, Consumer<Action> sink) {
        this.real = real;
        this.sink = sink;
    }

    @Override
    public Kubeconfig read(Path file) {
        if (real.exists(file)) return real.read(file);
        Kubeconfig kc = Kubeconfig.empty();
        kc.put(Kubeconfig.Kind.CLUSTERS, "(exported by kops)", Map.of("server", "https://api.<cluster>",
                "certificate-authority-data", "(the cluster's CA, from kops export kubeconfig)"));
        return kc;
    }

    @Override
    public boolean exists(Path file) {
        return real.exists(file);
    }

    @Override
    public KubeconfigFile.Edit edit(Path file, Consumer<Kubeconfig> change) {
        Kubeconfig kc = real.exists(file) ? real.read(file) : Kubeconfig.empty();
        String before = kc.write();
        change.accept(kc);
        sink.accept(Action.file(file, "edit (lock, backup, atomic replace, mode 0600)", LineDiff.changes(before, kc.write())));
        return new KubeconfigFile.Edit(null);
    }
}
