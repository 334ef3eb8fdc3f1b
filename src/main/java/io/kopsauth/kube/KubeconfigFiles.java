package io.kopsauth.kube;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Consumer;

/** {@link Kubeconfigs} on local files through {@link KubeconfigFile}. */
public final class KubeconfigFiles implements Kubeconfigs {
    private final Clock clock;

    public KubeconfigFiles(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Kubeconfig read(Path file) {
        return new KubeconfigFile(file, clock).read();
    }

    @Override
    public boolean exists(Path file) {
        return Files.exists(file);
    }

    @Override
    public KubeconfigFile.Edit edit(Path file, Consumer<Kubeconfig> change) {
        return new KubeconfigFile(file, clock).edit(change);
    }
}
