package io.kopsauth.cli;

import io.kopsauth.App;
import io.kopsauth.aws.AwsClients;
import io.kopsauth.aws.AwsSettings;
import io.kopsauth.json.Json;
import io.kopsauth.sandbox.SandboxControl;
import io.kopsauth.teardown.Disposition;
import io.kopsauth.teardown.Plans;
import io.kopsauth.teardown.Preview;
import io.kopsauth.teardown.TeardownInputs;
import io.kopsauth.workflow.FileJournal;
import io.kopsauth.workflow.Resource;
import io.kopsauth.workflow.RunState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kopsauth status}: the clusters kopsauth knows, and for one of them every step and resource with its state. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        header = "Show the clusters kopsauth knows, or one cluster's steps and resources.",
        description = {
            "",
            "Without --name: one line per journal in ~/.kopsauth/clusters/. With --name: each step's last outcome and"
                    + " each resource the journal holds, checked against the real world (S3, IAM, kops, the kubeconfig"
                    + " files, the API server) and marked present / gone / unknown, with what teardown would do.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  kopsauth status",
            "  kopsauth status --name demo.k8s.local",
            "  kopsauth status --name demo.k8s.local --no-check -o json",
            "  kopsauth status --sandbox --name demo.k8s.local",
            "",
            "Exit codes: 0 shown; 1 no journal for --name; 2 bad usage.",
        })
public final class StatusCommand implements Callable<Integer> {
    private final App app;

    @Option(names = "--name", paramLabel = "NAME", description = "Show this cluster's steps and resources.")
    String name;

    @Option(names = "--no-check", description = "Show the journal only; do not check resources against the world.")
    boolean noCheck;

    @Option(names = {"-o", "--output"}, paramLabel = "text|json", defaultValue = "text", description = "text or json.")
    String output;

    @Option(names = "--region", paramLabel = "REGION", description = "AWS region for the checks (default: the journal's).")
    String region;

    @Option(names = "--profile", paramLabel = "PROFILE", description = "AWS profile for the checks (default: the journal's).")
    String profile;

    @Option(names = "--sandbox", description = "Check against the local sandbox (started if needed).")
    boolean sandbox;

    public StatusCommand(App app) {
        this.app = app;
    }

    @Override
    public Integer call() {
        if (!output.equals("text") && !output.equals("json")) throw CliException.usage("-o: expected text or json, not '" + output + "'");
        FileJournal files = new FileJournal(app.home().clusters());
        if (name == null) return list(files);
        RunState s = files.load(name).orElseThrow(() -> CliException.failed("kopsauth has no journal for cluster " + name
                + " in " + app.home().cluster(name), "'kopsauth status' lists the clusters kopsauth knows"));
        Preview preview = noCheck ? null : check(s);
        Map<String, Object> doc = describe(s, preview);
        if (output.equals("json")) {
            app.out().println(Json.pretty(doc));
            app.out().flush();
            return ExitCode.OK;
        }
        var c = app.console();
        c.println("Cluster " + name + "  (" + s.status() + ", updated " + s.updated() + ")");
        c.println("Steps:");
        @SuppressWarnings("unchecked")
        Map<String, Object> steps = (Map<String, Object>) s.toJson().get("steps");
        steps.forEach((id, v) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) v;
            c.println(String.format("  %-26s %-13s %s", id, r.get("status"), r.get("message") == null ? "" : firstLine(String.valueOf(r.get("message")))));
        });
        c.println("Resources:");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> resources = (List<Map<String, Object>>) doc.get("resources");
        if (resources.isEmpty()) c.println("  (none)");
        for (Map<String, Object> r : resources) {
            c.println(String.format("  %-8s %-18s %s%s", r.get("state"), r.get("kind"), r.get("id"),
                    r.get("teardown") == null ? "" : "  (teardown: " + r.get("teardown") + ")"));
        }
        c.println("Journal: " + files.file(name));
        return ExitCode.OK;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private int list(FileJournal files) {
        List<RunState> all = files.all();
        if (output.equals("json")) {
            List<Object> cs = new ArrayList<>();
            for (RunState s : all) {
                cs.add(Json.obj("name", s.cluster().orElse(null), "status", s.status(), "updated", s.updated().toString(),
                        "resources", (long) s.resources().size(), "journal", files.file(s.cluster().orElseThrow()).toString()));
            }
            app.out().println(Json.pretty(Json.obj("clusters", cs)));
            app.out().flush();
            return ExitCode.OK;
        }
        var c = app.console();
        if (all.isEmpty()) {
            c.println("kopsauth knows no clusters (no journals in " + app.home().clusters() + ").");
            return ExitCode.OK;
        }
        c.println(String.format("%-40s %-12s %-26s %s", "NAME", "STATUS", "UPDATED", "RESOURCES"));
        for (RunState s : all) {
            c.println(String.format("%-40s %-12s %-26s %d", s.cluster().orElse("?"), s.status(), s.updated(), s.resources().size()));
        }
        return ExitCode.OK;
    }

    /** The teardown plan's preview is the cheap reality check: it reads each resource and never changes anything. */
    private Preview check(RunState s) {
        Map<String, String> env = new LinkedHashMap<>(app.env());
        if (sandbox) env.putAll(SandboxControl.ensureUp(app));
        AwsSettings settings = AwsSettings.resolve(profile != null ? profile : s.input("profile").orElse(null),
                region != null ? region : s.input("region").orElse(null), env);
        AwsClients clients = new AwsClients(settings);
        try {
            var runner = app.processRunner();
            var ports = new io.kopsauth.setup.SetupPorts(() -> {
                throw new IllegalStateException("status runs no preflight");
            }, new io.kopsauth.aws.SdkStateBuckets(clients.s3()), new io.kopsauth.aws.SdkIamRoles(clients.iam()),
                    new io.kopsauth.kops.ProcessKops(runner, env, line -> { }), new io.kopsauth.kube.ProcessKubectl(runner, env),
                    new io.kopsauth.kube.KubeconfigFiles(app.clock()), new io.kopsauth.render.FreemarkerArtifacts(null),
                    p -> io.kopsauth.exec.Executables.find(p, env.get("PATH")), app.home()::cluster);
            return Preview.of(Plans.teardown(TeardownInputs.setupInputs(s), ports, new TeardownInputs(false, false)), s, app.clock());
        } finally {
            clients.close();
        }
    }

    private Map<String, Object> describe(RunState s, Preview preview) {
        List<Object> rs = new ArrayList<>();
        for (Resource r : s.resources()) {
            Disposition d = preview == null ? null : preview.resources().stream()
                    .filter(x -> x.kind().equals(r.kind()) && x.id().equals(r.id())).findFirst().orElse(null);
            if (d == null && preview != null) {
                d = preview.steps().stream().filter(e -> e.error() != null).findFirst()
                        .map(e -> e.resources().get(0)).orElse(null);
            }
            String state = d == null ? (preview == null ? "unchecked" : "unknown") : switch (d.verdict()) {
                case DELETE, UNTAG, KEEP -> "present";
                case GONE -> "gone";
                case UNKNOWN -> "unknown";
            };
            String teardown = d == null || d.verdict() == Disposition.Verdict.UNKNOWN ? null
                    : d.verdict().word() + (d.reason() == null ? "" : ": " + d.reason());
            rs.add(Json.obj("kind", r.kind(), "id", r.id(), "createdByKopsauth", r.created(), "state", state,
                    "teardown", teardown, "why", d != null && d.verdict() == Disposition.Verdict.UNKNOWN ? d.reason() : null));
        }
        return Json.obj("name", name, "status", s.status(), "updated", s.updated().toString(), "values",
                new LinkedHashMap<String, Object>(s.values()), "steps", s.toJson().get("steps"), "resources", rs);
    }
}
