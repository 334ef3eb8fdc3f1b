package io.kopsauth.kops;

import io.kopsauth.exec.Cmd;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Builds every kops command line kopsauth runs, in one place (reference/kops-cli.md §2). */
public final class KopsCommands {
    private KopsCommands() {}

    public static Cmd version() {
        return Cmd.of("kops", "version").asReadOnly().withTimeout(Duration.ofMinutes(1));
    }

    public static Cmd getClusterYaml(String cluster, String stateStore) {
        return Cmd.of("kops", "get", "cluster", cluster, "--state", stateStore, "-o", "yaml").asReadOnly()
                .withTimeout(Duration.ofMinutes(2));
    }

    public static Cmd createCluster(Kops.CreateCluster c) {
        List<String> a = new ArrayList<>(List.of("kops", "create", "cluster", "--name", c.name(),
                "--zones", String.join(",", c.zones()), "--state", c.stateStore()));
        if (c.nodeCount() != null) a.addAll(List.of("--node-count", c.nodeCount().toString()));
        if (c.nodeSize() != null) a.addAll(List.of("--node-size", c.nodeSize()));
        if (c.controlPlaneSize() != null) a.addAll(List.of("--control-plane-size", c.controlPlaneSize()));
        if (c.kubernetesVersion() != null) a.addAll(List.of("--kubernetes-version", c.kubernetesVersion()));
        return Cmd.of(a);
    }

    public static Cmd replace(String yaml, String stateStore) {
        return Cmd.of("kops", "replace", "-f", "-", "--state", stateStore).withStdin(yaml);
    }

    public static Cmd updateCluster(String cluster, String stateStore) {
        // --create-kube-config=false: kops must not rewrite the user's kubeconfig or switch its context.
        return Cmd.of("kops", "update", "cluster", "--name", cluster, "--state", stateStore, "--yes",
                "--create-kube-config=false").withTimeout(Duration.ofMinutes(30));
    }

    public static Cmd exportAdminKubeconfig(String cluster, String stateStore, Path kubeconfig) {
        return Cmd.of("kops", "export", "kubeconfig", "--name", cluster, "--state", stateStore, "--admin",
                "--kubeconfig", kubeconfig.toString());
    }

    public static Cmd validate(String cluster, String stateStore, Duration wait) {
        // --interval 5s (kops' default is 10s): an attempt is a few list calls, and validation then ends within
        // seconds of the cluster becoming ready instead of up to ten.
        return Cmd.of("kops", "validate", "cluster", "--name", cluster, "--state", stateStore,
                "--wait", wait.toSeconds() + "s", "--interval", "5s", "-o", "json").asReadOnly().withTimeout(wait.plusMinutes(5));
    }

    public static Cmd deleteCluster(String cluster, String stateStore) {
        return Cmd.of("kops", "delete", "cluster", "--name", cluster, "--state", stateStore, "--yes")
                .withTimeout(Duration.ofMinutes(60));
    }
}
