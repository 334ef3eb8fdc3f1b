package io.kopsauth.kops;

import io.kopsauth.workflow.Action;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The dry run's {@link Kops}: read-only commands run against the real state store, commands that change
 * something are reported (the exact argv kopsauth would run) and remembered, so that a later
 * {@code get cluster} of a cluster the dry run "created" returns the spec it would have.
 */
public final class RecordingKops implements Kops {
    private final Kops real;
    private final Consumer<Action> sink;
    private final Map<String, String> planned = new HashMap<>();

    public RecordingKops(Kops real, Consumer<Action> sink) {
        this.real = real;
        this.sink = sink;
    }

    @Override
    public String version() {
        return real.version();
    }

    @Override
    public Optional<String> getClusterYaml(String cluster, String stateStore) {
        return planned.containsKey(cluster) ? Optional.of(planned.get(cluster)) : real.getClusterYaml(cluster, stateStore);
    }

    @Override
    public void createCluster(CreateCluster spec) {
        sink.accept(Action.command(KopsCommands.createCluster(spec)));
        // What kops would store, as far as kopsauth reads it (its authorization default, reference §1.3).
        planned.put(spec.name(), "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata:\n  name: " + spec.name()
                + "\nspec:\n  authorization:\n    rbac: {}\n");
    }

    @Override
    public void replace(String yaml, String stateStore) {
        sink.accept(Action.command(KopsCommands.replace(yaml, stateStore)));
        Object name = ((Map<?, ?>) ClusterSpecEditor.parse(yaml).getOrDefault("metadata", Map.of())).get("name");
        if (name != null) planned.put(name.toString(), yaml);
    }

    @Override
    public void updateCluster(String cluster, String stateStore) {
        sink.accept(Action.command(KopsCommands.updateCluster(cluster, stateStore)));
    }

    @Override
    public void exportAdminKubeconfig(String cluster, String stateStore, Path kubeconfig) {
        sink.accept(Action.command(KopsCommands.exportAdminKubeconfig(cluster, stateStore, kubeconfig)));
    }

    @Override
    public Validation validate(String cluster, String stateStore, Duration wait) {
        if (planned.containsKey(cluster)) {
            sink.accept(Action.command(KopsCommands.validate(cluster, stateStore, wait)));
            return new Validation(true, List.of(), List.of());
        }
        return real.validate(cluster, stateStore, wait);
    }

    @Override
    public void deleteCluster(String cluster, String stateStore) {
        sink.accept(Action.command(KopsCommands.deleteCluster(cluster, stateStore)));
        planned.remove(cluster);
    }
}
