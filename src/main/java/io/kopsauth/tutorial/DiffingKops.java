package io.kopsauth.tutorial;

import io.kopsauth.kops.ClusterSpecEditor;
import io.kopsauth.kops.Kops;
import io.kopsauth.workflow.Action;
import io.kopsauth.workflow.LineDiff;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A preview's {@link Kops}: before a spec is replaced, reports how it differs from the one in the state store (the
 * changed lines with a little context), then hands on to the recording kops it wraps.
 */
final class DiffingKops implements Kops {
    private static final int CONTEXT = 3;
    private final Kops inner;
    private final Consumer<Action> sink;

    DiffingKops(Kops inner, Consumer<Action> sink) {
        this.inner = inner;
        this.sink = sink;
    }

    @Override
    public void replace(String yaml, String stateStore) {
        Object name = ((Map<?, ?>) ClusterSpecEditor.parse(yaml).getOrDefault("metadata", Map.of())).get("name");
        Optional<String> now = name == null ? Optional.empty() : inner.getClusterYaml(name.toString(), stateStore);
        if (now.isPresent()) {
            // Both sides dumped the same way, so only real changes show.
            String before = ClusterSpecEditor.dump(ClusterSpecEditor.parse(now.get()));
            sink.accept(new Action(Action.Kind.NOTE, "the cluster spec changes (- now, + after):", excerpt(LineDiff.of(before, yaml))));
        }
        inner.replace(yaml, stateStore);
    }

    /** The changed lines of a full diff, each with up to {@value #CONTEXT} unchanged lines before it. */
    static String excerpt(String diff) {
        List<String> lines = diff.lines().toList();
        List<String> out = new ArrayList<>();
        int shownUpTo = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("  ")) continue;
            int from = Math.max(shownUpTo + 1, i - CONTEXT);
            if (from > shownUpTo + 1 && !out.isEmpty()) out.add("  …");
            for (int j = from; j <= i; j++) out.add(lines.get(j));
            shownUpTo = i;
        }
        return String.join("\n", out) + "\n";
    }

    @Override
    public String version() {
        return inner.version();
    }

    @Override
    public Optional<String> getClusterYaml(String cluster, String stateStore) {
        return inner.getClusterYaml(cluster, stateStore);
    }

    @Override
    public void createCluster(CreateCluster spec) {
        inner.createCluster(spec);
    }

    @Override
    public void updateCluster(String cluster, String stateStore) {
        inner.updateCluster(cluster, stateStore);
    }

    @Override
    public void exportAdminKubeconfig(String cluster, String stateStore, Path kubeconfig) {
        inner.exportAdminKubeconfig(cluster, stateStore, kubeconfig);
    }

    @Override
    public Validation validate(String cluster, String stateStore, Duration wait) {
        return inner.validate(cluster, stateStore, wait);
    }

    @Override
    public void deleteCluster(String cluster, String stateStore) {
        inner.deleteCluster(cluster, stateStore);
    }
}
