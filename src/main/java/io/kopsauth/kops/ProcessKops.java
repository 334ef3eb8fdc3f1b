package io.kopsauth.kops;

import io.kopsauth.cli.CliException;
import io.kopsauth.exec.Cmd;
import io.kopsauth.exec.ProcResult;
import io.kopsauth.exec.ProcessRunner;
import io.kopsauth.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** {@link Kops} by running the kops executable through a {@link ProcessRunner} with the world's environment. */
public final class ProcessKops implements Kops {
    private final ProcessRunner runner;
    private final Map<String, String> env;
    private final Consumer<String> progress;

    /**
     * @param env      the environment kops needs (PATH, AWS_*, S3_ENDPOINT ...), added to the inherited one
     * @param progress receives kops' output lines as they arrive (for the long commands)
     */
    public ProcessKops(ProcessRunner runner, Map<String, String> env, Consumer<String> progress) {
        this.runner = runner;
        this.env = Map.copyOf(env);
        this.progress = progress;
    }

    private ProcResult run(Cmd cmd) {
        try {
            return runner.run(cmd.withEnv(env), progress);
        } catch (ProcessRunner.ToolNotFoundException e) {
            throw new CliException(io.kopsauth.cli.ExitCode.PREFLIGHT, "kops is not installed or not on PATH", e,
                    "install kops 1.36.1 or newer: https://kops.sigs.k8s.io/getting_started/install/");
        }
    }

    private ProcResult runOk(Cmd cmd) {
        ProcResult r = run(cmd);
        if (!r.ok()) throw failed(r);
        return r;
    }

    static CliException failed(ProcResult r) {
        return CliException.failed("'" + r.cmd().display().lines().findFirst().orElse("") + "' failed (exit " + r.exitCode() + "): "
                + r.tail(5), "the full output is in the log; fix the cause and re-run the same command to resume");
    }

    /** True if kops' error says the cluster is not in the state store. */
    static boolean notFound(ProcResult r) {
        String e = r.stderr() + r.stdout();
        return e.contains("not found") || e.contains("no clusters found") || e.contains("does not exist");
    }

    @Override
    public String version() {
        return runOk(KopsCommands.version()).stdout().strip();
    }

    @Override
    public Optional<String> getClusterYaml(String cluster, String stateStore) {
        ProcResult r = run(KopsCommands.getClusterYaml(cluster, stateStore));
        if (r.ok()) return Optional.of(r.stdout());
        if (notFound(r)) return Optional.empty();
        throw failed(r);
    }

    @Override
    public void createCluster(CreateCluster spec) {
        runOk(KopsCommands.createCluster(spec));
    }

    @Override
    public void replace(String yaml, String stateStore) {
        runOk(KopsCommands.replace(yaml, stateStore));
    }

    @Override
    public void updateCluster(String cluster, String stateStore) {
        runOk(KopsCommands.updateCluster(cluster, stateStore));
    }

    @Override
    public void exportAdminKubeconfig(String cluster, String stateStore, Path kubeconfig) {
        runOk(KopsCommands.exportAdminKubeconfig(cluster, stateStore, kubeconfig));
    }

    @Override
    public Validation validate(String cluster, String stateStore, Duration wait) {
        ProcResult r = run(KopsCommands.validate(cluster, stateStore, wait));
        Optional<Validation> v = parseValidation(r.stdout());
        if (v.isEmpty()) {
            if (r.ok()) return new Validation(true, List.of(), List.of());
            throw failed(r);
        }
        Validation got = v.get();
        return new Validation(r.ok() && got.failures().isEmpty(), got.failures(), got.nodes());
    }

    /** Parses the last JSON object of validate's output (under --wait each failed attempt prints one). */
    @SuppressWarnings("unchecked")
    public static Optional<Validation> parseValidation(String stdout) {
        String s = stdout.strip();
        int brace = s.indexOf('{');
        if (brace < 0) return Optional.empty();
        List<Object> all;
        try {
            all = Json.parseAll(s.substring(brace));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (all.isEmpty() || !(all.get(all.size() - 1) instanceof Map)) return Optional.empty();
        Map<String, Object> last = (Map<String, Object>) all.get(all.size() - 1);
        List<Failure> failures = new ArrayList<>();
        for (Object o : (List<Object>) last.getOrDefault("failures", List.of())) {
            Map<String, Object> f = (Map<String, Object>) o;
            failures.add(new Failure(str(f.get("type")), str(f.get("name")), str(f.get("message"))));
        }
        List<Node> nodes = new ArrayList<>();
        for (Object o : (List<Object>) last.getOrDefault("nodes", List.of())) {
            Map<String, Object> n = (Map<String, Object>) o;
            nodes.add(new Node(str(n.get("name")), str(n.get("role")), str(n.get("status"))));
        }
        return Optional.of(new Validation(failures.isEmpty(), failures, nodes));
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }

    @Override
    public void deleteCluster(String cluster, String stateStore) {
        deleteCluster(cluster, stateStore, progress);
    }

    @Override
    public void deleteCluster(String cluster, String stateStore, Consumer<String> lines) {
        ProcResult r;
        try {
            r = runner.run(KopsCommands.deleteCluster(cluster, stateStore).withEnv(env), lines);
        } catch (ProcessRunner.ToolNotFoundException e) {
            throw new CliException(io.kopsauth.cli.ExitCode.PREFLIGHT, "kops is not installed or not on PATH", e,
                    "install kops 1.36.1 or newer: https://kops.sigs.k8s.io/getting_started/install/");
        }
        // A cluster that is already gone is what we wanted.
        if (!r.ok() && !notFound(r)) throw failed(r);
    }
}
