package io.kopsauth.kube;

import io.kopsauth.workflow.Action;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The dry run's {@link Kubectl}: commands that change the cluster are reported, not run. Reads run for real
 * when their kubeconfig and context exist; reads against a cluster or context the dry run only planned are
 * reported and answered as the plan expects (the API answers; nothing is there yet; you are the mapped user).
 */
public final class RecordingKubectl implements Kubectl {
    private final Kubectl real;
    private final Consumer<Action> sink;

    public RecordingKubectl(Kubectl real, Consumer<Action> sink) {
        this.real = real;
        this.sink = sink;
    }

    private boolean planned(Target t) {
        if (!Files.exists(t.kubeconfig())) return true;
        if (t.context() == null) return false;
        return !new KubeconfigFile(t.kubeconfig(), java.time.Clock.systemUTC()).read().names(Kubeconfig.Kind.CONTEXTS).contains(t.context());
    }

    @Override
    public Optional<String> healthz(Target t) {
        if (planned(t)) {
            sink.accept(Action.command(KubectlCommands.healthz(t, "")));
            return Optional.of("ok");
        }
        return real.healthz(t);
    }

    @Override
    public void apply(Target t, String yaml) {
        sink.accept(Action.command(KubectlCommands.apply(t, yaml)));
    }

    @Override
    public List<Map<String, Object>> list(Target t, String resource, String namespace, String selector) {
        return planned(t) ? List.of() : real.list(t, resource, namespace, selector);
    }

    @Override
    public Optional<Map<String, Object>> get(Target t, String resource, String namespace, String name) {
        return planned(t) ? Optional.empty() : real.get(t, resource, namespace, name);
    }

    @Override
    public void delete(Target t, String resource, String namespace, String name) {
        sink.accept(Action.command(KubectlCommands.delete(t, resource, namespace, name)));
    }

    @Override
    public void deletePods(Target t, String namespace, String selector) {
        sink.accept(Action.command(KubectlCommands.deletePods(t, namespace, selector)));
    }

    @Override
    public String nodes(Target t) {
        if (planned(t)) {
            sink.accept(Action.command(KubectlCommands.nodes(t)));
            return "";
        }
        return real.nodes(t);
    }

    @Override
    public Whoami whoami(Target t) {
        if (planned(t)) {
            sink.accept(Action.command(KubectlCommands.whoami(t)));
            return new Whoami("(the mapped admin user)", List.of());
        }
        return real.whoami(t);
    }

    @Override
    public boolean canI(Target t, String verb, String resource) {
        if (planned(t)) {
            sink.accept(Action.command(KubectlCommands.canI(t, verb, resource)));
            return true;
        }
        return real.canI(t, verb, resource);
    }
}
