package io.kopsauth.cli;

import io.kopsauth.App;
import io.kopsauth.json.Json;
import io.kopsauth.sandbox.SandboxControl;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kopsauth sandbox up|down|status|reset|env|faults}: the local AWS/kops/Kubernetes world. */
@Command(name = "sandbox",
        header = "Run a local AWS (IAM, STS, S3), kops and Kubernetes API world: no AWS account needed.",
        description = {
            "",
            "The sandbox is one background process serving on 127.0.0.1. Its state lives under "
                    + "$KOPSAUTH_HOME/sandbox (default ~/.kopsauth/sandbox) and survives down/up. It seeds account "
                    + "111122223333 with user sandbox-admin and writes an AWS config/credentials pair (profile "
                    + "kopsauth-sandbox, region us-west-1) that the AWS CLI, any AWS SDK and the kops simulator use "
                    + "once 'eval \"$(kopsauth sandbox env)\"' has run.",
            ""
        },
        mixinStandardHelpOptions = true,
        subcommands = {
            SandboxCommand.Up.class,
            SandboxCommand.Down.class,
            SandboxCommand.Status.class,
            SandboxCommand.Reset.class,
            SandboxCommand.Env.class,
            SandboxCommand.Faults.class,
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  kopsauth sandbox up                      start it (no-op if it runs)",
            "  eval \"$(kopsauth sandbox env)\"           point aws, SDKs and kops at it",
            "  aws sts get-caller-identity              → account 111122223333",
            "  kopsauth sandbox status                  what exists",
            "  kopsauth sandbox down                    stop it (state is kept)",
            "  kopsauth sandbox reset                   forget all state"
        })
public final class SandboxCommand implements Runnable {
    private final App app;

    @Spec
    CommandLine.Model.CommandSpec spec;

    public SandboxCommand(App app) {
        this.app = app;
    }

    @Override
    public void run() {
        spec.commandLine().usage(app.out());
    }

    static void printEndpoints(App app, Map<String, Object> endpoints) {
        if (endpoints == null) return;
        for (Map.Entry<String, Object> e : endpoints.entrySet()) {
            if (e.getKey().equals("port") || e.getKey().equals("pid")) continue;
            app.console().println(String.format("  %-20s %s", e.getKey(), e.getValue()));
        }
    }

    /** {@code sandbox up}. */
    @Command(name = "up", header = "Start the sandbox in the background (does nothing if it is running).",
            description = {"", "Waits until the server answers, then prints its endpoints. Fault options also apply "
                    + "to a sandbox that is already running.", ""},
            mixinStandardHelpOptions = true,
            footerHeading = "%nExamples:%n",
            footer = {
                "  kopsauth sandbox up",
                "  kopsauth sandbox up --boot-seconds 2",
                "  kopsauth sandbox up --throttle-rate 0.2 --latency-ms 50"
            })
    static final class Up implements Runnable {
        private final App app;

        @Option(names = "--boot-seconds", paramLabel = "N",
                description = "How long a simulated cluster takes to boot after 'kops update cluster --yes'.")
        Integer bootSeconds;

        @Option(names = "--throttle-rate", paramLabel = "R", description = "Share of AWS requests throttled (0..1).")
        Double throttleRate;

        @Option(names = "--error-rate", paramLabel = "R", description = "Share of AWS requests failed with a 5xx (0..1).")
        Double errorRate;

        @Option(names = "--latency-ms", paramLabel = "N", description = "Latency added to every AWS request.")
        Long latencyMs;

        Up(App app) {
            this.app = app;
        }

        @Override
        public void run() {
            if (bootSeconds != null && bootSeconds < 0) throw CliException.usage("--boot-seconds must not be negative");
            Faults.check(throttleRate, errorRate, latencyMs);
            SandboxControl c = new SandboxControl(app);
            SandboxControl.UpResult r = c.up(new SandboxControl.UpOptions(bootSeconds, throttleRate, errorRate, latencyMs));
            if (r.alreadyRunning() && bootSeconds != null) {
                app.console().warn("--boot-seconds applies when the sandbox starts; run 'kopsauth sandbox down' first to change it");
            }
            app.console().ok((r.alreadyRunning() ? "sandbox already running" : "sandbox started") + " (pid " + r.pid() + ")");
            printEndpoints(app, r.endpoints());
            app.console().println("Load its environment with: eval \"$(kopsauth sandbox env)\"");
        }
    }

    /** {@code sandbox down}. */
    @Command(name = "down", header = "Stop the sandbox (its state is kept for the next 'up').",
            mixinStandardHelpOptions = true,
            footerHeading = "%nExamples:%n", footer = {"  kopsauth sandbox down"})
    static final class Down implements Runnable {
        private final App app;

        Down(App app) {
            this.app = app;
        }

        @Override
        public void run() {
            boolean was = new SandboxControl(app).down();
            app.console().ok(was ? "sandbox stopped" : "sandbox was not running");
        }
    }

    /** {@code sandbox status}. */
    @Command(name = "status", header = "Show whether the sandbox runs, its endpoints and what exists in it.",
            mixinStandardHelpOptions = true,
            footerHeading = "%nExamples:%n", footer = {"  kopsauth sandbox status", "  kopsauth sandbox status -o json"})
    static final class Status implements Runnable {
        private final App app;

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "text (default) or json.")
        String output = "text";

        Status(App app) {
            this.app = app;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void run() {
            if (!output.equals("text") && !output.equals("json")) {
                throw CliException.usage("unknown output format '" + output + "'", "use -o text or -o json");
            }
            Map<String, Object> s = new SandboxControl(app).status();
            if (output.equals("json")) {
                app.console().println(Json.pretty(s));
                return;
            }
            if (!Boolean.TRUE.equals(s.get("running"))) {
                app.console().println("sandbox: stopped (home " + s.get("home") + ")");
                app.console().println("Start it with: kopsauth sandbox up");
                return;
            }
            Map<String, Object> ep = (Map<String, Object>) s.get("endpoints");
            app.console().println("sandbox: running (pid " + ep.get("pid") + ")");
            printEndpoints(app, ep);
            Map<String, Object> aws = (Map<String, Object>) s.get("aws");
            List<Map<String, Object>> buckets = (List<Map<String, Object>>) aws.get("buckets");
            app.console().println("buckets: " + (buckets.isEmpty() ? "none" : ""));
            for (Map<String, Object> b : buckets) {
                app.console().println(String.format("  %-40s %-12s account %s, %s objects, %s versions%s", b.get("name"),
                        b.get("region"), b.get("account"), b.get("objects"), b.get("versions"),
                        b.get("versioning") == null ? "" : ", versioning " + b.get("versioning")));
            }
            List<Map<String, Object>> roles = (List<Map<String, Object>>) aws.get("roles");
            app.console().println("roles: " + (roles.isEmpty() ? "none" : ""));
            for (Map<String, Object> r : roles) app.console().println("  " + r.get("arn"));
            Map<String, Object> f = (Map<String, Object>) s.get("faults");
            app.console().println("faults: throttle " + f.get("throttleRate") + ", errors " + f.get("errorRate")
                    + ", latency " + f.get("latencyMs") + " ms");
            Map<String, Object> comps = (Map<String, Object>) s.get("components");
            for (Map.Entry<String, Object> c : comps.entrySet()) {
                if (c.getKey().equals("kube") && c.getValue() instanceof Map<?, ?> kube) {
                    kubeLines((Map<String, Object>) kube).forEach(app.console()::println);
                } else {
                    app.console().println(c.getKey() + ": " + Json.write(c.getValue()));
                }
            }
        }
    }

    /**
     * The Kubernetes simulator's clusters, a line each (phase, API, authenticator), with the last three token
     * reviews under each: what the authenticator said to kubectl, and why.
     */
    @SuppressWarnings("unchecked")
    static List<String> kubeLines(Map<String, Object> kube) {
        List<Map<String, Object>> clusters = (List<Map<String, Object>>) kube.getOrDefault("clusters", List.of());
        List<String> lines = new ArrayList<>();
        lines.add("clusters: " + (clusters.isEmpty() ? "none" : ""));
        for (Map<String, Object> c : clusters) {
            List<Object> pods = (List<Object>) c.getOrDefault("authenticatorPods", List.of());
            Object mode = c.get("backendMode");
            lines.add(String.format("  %-40s %-12s %s  authenticator: %s", c.get("name"), c.get("phase"), c.get("server"),
                    mode == null ? "off" : mode + (pods.isEmpty() ? "" : " (" + String.join(", ", pods.stream()
                            .map(String::valueOf).toList()) + ")")));
            List<Map<String, Object>> reviews = (List<Map<String, Object>>) c.getOrDefault("recentReviews", List.of());
            for (Map<String, Object> r : reviews.subList(Math.max(0, reviews.size() - 3), reviews.size())) {
                Object reason = r.get("reason");
                lines.add("    token review " + r.get("time") + ": " + r.get("result")
                        + (r.get("user") == null ? "" : " " + r.get("user"))
                        + (reason == null || String.valueOf(reason).isEmpty() ? "" : " (" + reason + ")"));
            }
        }
        return lines;
    }

    /** {@code sandbox reset}. */
    @Command(name = "reset", header = "Forget all sandbox state (buckets, roles, clusters); keeps the seeded keys.",
            mixinStandardHelpOptions = true,
            footerHeading = "%nExamples:%n", footer = {"  kopsauth sandbox reset"})
    static final class Reset implements Runnable {
        private final App app;

        Reset(App app) {
            this.app = app;
        }

        @Override
        public void run() {
            new SandboxControl(app).reset();
            app.console().ok("sandbox state wiped");
        }
    }

    /** {@code sandbox env}. */
    @Command(name = "env", header = "Print the environment that points aws, SDKs and kops at the sandbox.",
            description = {"", "Prints export lines for eval, as 'minikube docker-env' does.", ""},
            mixinStandardHelpOptions = true,
            footerHeading = "%nExamples:%n",
            footer = {"  eval \"$(kopsauth sandbox env)\"", "  kopsauth sandbox env --shell fish | source"})
    static final class Env implements Runnable {
        private final App app;

        @Option(names = "--shell", paramLabel = "SHELL", description = "sh (default; also bash, zsh) or fish.")
        String shell = "sh";

        Env(App app) {
            this.app = app;
        }

        @Override
        public void run() {
            if (!List.of("sh", "bash", "zsh", "fish").contains(shell)) {
                throw CliException.usage("unknown shell '" + shell + "'", "use --shell sh or --shell fish");
            }
            SandboxControl c = new SandboxControl(app);
            Map<String, String> env = c.env();
            if (c.runningPid().isEmpty()) app.console().warn("the sandbox is not running; start it with: kopsauth sandbox up");
            for (Map.Entry<String, String> e : env.entrySet()) {
                if (shell.equals("fish")) {
                    app.out().println("set -gx " + e.getKey() + " " + fishQuote(e.getValue()) + ";");
                } else {
                    app.out().println("export " + e.getKey() + "=" + shQuote(e.getValue()));
                }
            }
            app.out().println("# Run this command to configure your shell:");
            app.out().println(shell.equals("fish") ? "# kopsauth sandbox env --shell fish | source"
                    : "# eval \"$(kopsauth sandbox env)\"");
            app.out().flush();
        }

        static String shQuote(String s) {
            return "'" + s.replace("'", "'\\''") + "'";
        }

        static String fishQuote(String s) {
            return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
        }
    }

    /** {@code sandbox faults}. */
    @Command(name = "faults", header = "Change fault injection of the running sandbox (throttling, 5xx, latency).",
            description = {"", "Options not given keep their current value; without options, prints the settings.", ""},
            mixinStandardHelpOptions = true,
            footerHeading = "%nExamples:%n",
            footer = {"  kopsauth sandbox faults --throttle-rate 0.2 --error-rate 0 --latency-ms 50",
                "  kopsauth sandbox faults --throttle-rate 0      stop throttling"})
    static final class Faults implements Runnable {
        private final App app;

        @Option(names = "--throttle-rate", paramLabel = "R", description = "Share of AWS requests throttled (0..1).")
        Double throttleRate;

        @Option(names = "--error-rate", paramLabel = "R", description = "Share of AWS requests failed with a 5xx (0..1).")
        Double errorRate;

        @Option(names = "--latency-ms", paramLabel = "N", description = "Latency added to every AWS request.")
        Long latencyMs;

        Faults(App app) {
            this.app = app;
        }

        static void check(Double throttle, Double error, Long latency) {
            if (throttle != null && (throttle < 0 || throttle > 1)) throw CliException.usage("--throttle-rate must be between 0 and 1");
            if (error != null && (error < 0 || error > 1)) throw CliException.usage("--error-rate must be between 0 and 1");
            if (latency != null && latency < 0) throw CliException.usage("--latency-ms must not be negative");
        }

        @Override
        public void run() {
            check(throttleRate, errorRate, latencyMs);
            Map<String, Object> f = new SandboxControl(app).setFaults(throttleRate, errorRate, latencyMs);
            app.console().ok("faults: throttle " + f.get("throttleRate") + ", errors " + f.get("errorRate")
                    + ", latency " + f.get("latencyMs") + " ms");
        }
    }
}
