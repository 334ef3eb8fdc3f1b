package io.kopsauth.kube;

import java.nio.file.Path;
import java.util.function.Consumer;

/** Reading and transactionally editing kubeconfig files (the port the steps use; a dry run records edits). */
public interface Kubeconfigs {

    /** The file's content; a missing file reads as an empty kubeconfig. */
    Kubeconfig read(Path file);

    /** True if the file exists. */
    boolean exists(Path file);

    /** Changes the file as one transaction: lock, backup, temporary file, atomic rename, mode 0600. */
    KubeconfigFile.Edit edit(Path file, Consumer<Kubeconfig> change);
}
