package io.kopsauth.kube;

import io.kopsauth.cli.CliException;
import io.kopsauth.cli.ExitCode;
import io.kopsauth.exec.Cmd;
import io.kopsauth.exec.ProcResult;
import io.kopsauth.exec.ProcessRunner;
import io.kopsauth.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link Kubectl} by running the kubectl executable through a {@link ProcessRunner} with the world's environment. */
public final class ProcessKubectl implements Kubectl {
    private final ProcessRunner runner;
    private final Map<String, String> env;

    public ProcessKubectl(ProcessRunner runner, Map<String, String> env) {
        this.runner = runner;
        this.env = Map.copyOf(env);
    }

    private ProcResult run(Cmd cmd) {
        try {
            return runner.run(cmd.withEnv(env));
        } catch (ProcessRunner.ToolNotFoundException e) {
            throw new CliException(ExitCode.PREFLIGHT, "kubectl is not installed or not on PATH", e,
                    "install kubectl: https://kubernetes.io/docs/tasks/tools/");
        }
    }

    private ProcResult runOk(Cmd cmd) {
        ProcResult r = run(cmd);
        if (!r.ok()) {
            throw CliException.failed("'" + cmd.display() + "' failed (exit " + r.exitCode() + "): " + r.tail(5),
                    "the full output is in the log; fix the cause and re-run the same command to resume");
        }
        return r;
    }

    @Override
    public Optional<String> healthz(Target t) {
        String prefix;
        try {
            prefix = new KubeconfigFile(t.kubeconfig(), java.time.Clock.systemUTC()).read().server(t.context())
                    .map(KubectlCommands::pathPrefix).orElse("");
        } catch (RuntimeException e) {
            return Optional.empty(); // no readable kubeconfig yet: nothing answers
        }
        ProcResult r = run(KubectlCommands.healthz(t, prefix));
        return r.ok() ? Optional.of(r.stdout().strip()) : Optional.empty();
    }

    @Override
    public void apply(Target t, String yaml) {
        runOk(KubectlCommands.apply(t, yaml));
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> list(Target t, String resource, String namespace, String selector) {
        Map<String, Object> doc = Json.parseObject(runOk(KubectlCommands.list(t, resource, namespace, selector)).stdout());
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : (List<Object>) doc.getOrDefault("items", List.of())) out.add((Map<String, Object>) o);
        return out;
    }

    @Override
    public Optional<Map<String, Object>> get(Target t, String resource, String namespace, String name) {
        String out = runOk(KubectlCommands.get(t, resource, namespace, name)).stdout();
        return out.isBlank() ? Optional.empty() : Optional.of(Json.parseObject(out));
    }

    @Override
    public void delete(Target t, String resource, String namespace, String name) {
        runOk(KubectlCommands.delete(t, resource, namespace, name));
    }

    @Override
    public void deletePods(Target t, String namespace, String selector) {
        runOk(KubectlCommands.deletePods(t, namespace, selector));
    }

    @Override
    public String nodes(Target t) {
        return runOk(KubectlCommands.nodes(t)).stdout();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Whoami whoami(Target t) {
        Map<String, Object> doc = Json.parseObject(runOk(KubectlCommands.whoami(t)).stdout());
        Map<String, Object> status = (Map<String, Object>) doc.getOrDefault("status", Map.of());
        Map<String, Object> user = (Map<String, Object>) status.getOrDefault("userInfo", Map.of());
        List<String> groups = new ArrayList<>();
        for (Object g : (List<Object>) user.getOrDefault("groups", List.of())) groups.add(String.valueOf(g));
        return new Whoami(String.valueOf(user.getOrDefault("username", "")), groups);
    }

    @Override
    public boolean canI(Target t, String verb, String resource) {
        ProcResult r = run(KubectlCommands.canI(t, verb, resource));
        return r.ok() && r.stdout().strip().equals("yes");
    }
}
