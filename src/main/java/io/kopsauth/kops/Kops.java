package io.kopsauth.kops;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The kops CLI as kopsauth uses it; every argv is built by {@link KopsCommands}. */
public interface Kops {

    /** The output of {@code kops version} (e.g. "Client version: 1.36.2 (git-v1.36.2)"). */
    String version();

    /** {@code kops get cluster NAME -o yaml}, or empty if the state store has no such cluster. */
    Optional<String> getClusterYaml(String cluster, String stateStore);

    void createCluster(CreateCluster spec);

    /** {@code kops replace -f -} with the document on stdin. */
    void replace(String yaml, String stateStore);

    /** {@code kops update cluster --yes --create-kube-config=false}. */
    void updateCluster(String cluster, String stateStore);

    /** {@code kops export kubeconfig --admin --kubeconfig FILE}. */
    void exportAdminKubeconfig(String cluster, String stateStore, Path kubeconfig);

    /** {@code kops validate cluster --wait D -o json}, its last JSON object parsed. */
    Validation validate(String cluster, String stateStore, Duration wait);

    void deleteCluster(String cluster, String stateStore);

    /**
     * {@code kops delete cluster --yes}, handing each line kops prints to {@code progress} as it arrives; a cluster
     * kops no longer knows counts as deleted.
     */
    default void deleteCluster(String cluster, String stateStore, java.util.function.Consumer<String> progress) {
        deleteCluster(cluster, stateStore);
    }

    /**
     * What {@code kops create cluster} is given; optional fields are null when not set.
     */
    record CreateCluster(String name, List<String> zones, String stateStore, Integer nodeCount, String nodeSize,
                         String controlPlaneSize, String kubernetesVersion) {
        public CreateCluster {
            zones = List.copyOf(zones);
        }
    }

    /** The result of validation: healthy, or the failures in kops' words. */
    record Validation(boolean healthy, List<Failure> failures, List<Node> nodes) {
        public Validation {
            failures = List.copyOf(failures);
            nodes = List.copyOf(nodes);
        }
    }

    /** One validation failure ("Pod", "kube-system/aws-iam-authenticator-x", "... is pending"). */
    record Failure(String type, String name, String message) {}

    /** One node as validate reports it. */
    record Node(String name, String role, String status) {}
}
