package io.kopsauth.cli;

import io.kopsauth.App;
import io.kopsauth.aws.AwsClients;
import io.kopsauth.aws.AwsSettings;
import io.kopsauth.aws.SdkIamRoles;
import io.kopsauth.aws.SdkStateBuckets;
import io.kopsauth.exec.Executables;
import io.kopsauth.json.Json;
import io.kopsauth.kops.ProcessKops;
import io.kopsauth.kube.KubeconfigFiles;
import io.kopsauth.kube.ProcessKubectl;
import io.kopsauth.render.FreemarkerArtifacts;
import io.kopsauth.sandbox.SandboxControl;
import io.kopsauth.setup.SetupPorts;
import io.kopsauth.setup.Values;
import io.kopsauth.teardown.Disposition;
import io.kopsauth.teardown.Plans;
import io.kopsauth.teardown.Preview;
import io.kopsauth.teardown.TeardownInputs;
import io.kopsauth.teardown.TeardownJournals;
import io.kopsauth.ui.JsonEvents;
import io.kopsauth.ui.StepProgress;
import io.kopsauth.workflow.FileJournal;
import io.kopsauth.workflow.Plan;
import io.kopsauth.workflow.PlanRunner;
import io.kopsauth.workflow.RunListener;
import io.kopsauth.workflow.RunResult;
import io.kopsauth.workflow.RunState;
import io.kopsauth.workflow.Step;
import io.kopsauth.workflow.StepOutcome;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kopsauth teardown}: shows what setup created and will be removed (or kept, and why), then removes it. */
@Command(name = "teardown", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        header = "Remove everything kopsauth setup created for a cluster, and nothing else, from any state.",
        description = {
            "",
            "Reads the cluster's journal (~/.kopsauth/clusters/<name>/journal.json, or the copy in the state store),"
                    + " checks every resource against the real world and shows what it will delete and what it keeps"
                    + " and why. Then, in this order: the kubeconfig entries setup added (the previous current-context"
                    + " comes back; everything else in the file stays byte for byte), the authenticator's ConfigMap"
                    + " while the API answers, the journal's copy in the state store, 'kops delete cluster --yes',"
                    + " the admin IAM role if kopsauth created it and no other kopsauth cluster uses it (per the"
                    + " role's kopsauth:clusters tag), the state bucket with every object version if kopsauth created"
                    + " it, and kopsauth's admin kubeconfig. The journal is archived under"
                    + " ~/.kopsauth/clusters/<name>/history/. Anything already gone counts as done, so re-running"
                    + " after a failure or an interruption continues.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  # see what would be deleted and kept, change nothing",
            "  kopsauth teardown --name demo.k8s.local --dry-run",
            "  kopsauth teardown --name demo.k8s.local -y",
            "  # no local journal (another machine): read it from the state store",
            "  kopsauth teardown --name demo.k8s.local --state-store s3://demo-state -y",
            "  kopsauth teardown --name demo.k8s.local --keep-bucket --force -y -o json",
            "  kopsauth teardown --sandbox --name demo.k8s.local -y",
            "",
            "Without -y, teardown asks on a terminal; elsewhere it prints the plan and exits 1 (like kops' --yes).",
            "",
            "Exit codes: 0 done, or a preview (--dry-run); 1 a step failed (re-run the same command to continue),",
            "or not confirmed; 2 bad input; 3 a tool or credentials are missing; 130 interrupted.",
        })
public final class TeardownCommand implements Callable<Integer>, Logged {
    private final App app;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "The cluster to tear down (see 'kopsauth status').")
    String name;

    @Option(names = "--state-store", paramLabel = "s3://BUCKET",
            description = "Where to find the journal when there is no local one (default: KOPS_STATE_STORE, else s3://<name>).")
    String stateStore;

    @Option(names = "--region", paramLabel = "REGION", description = "AWS region (default: the journal's).")
    String region;

    @Option(names = "--profile", paramLabel = "PROFILE", description = "AWS profile (default: the journal's, else AWS_PROFILE).")
    String profile;

    @Option(names = "--keep-bucket", description = "Keep the state bucket even if kopsauth created it.")
    boolean keepBucket;

    @Option(names = "--keep-role", description = "Keep the admin IAM role even if kopsauth created it (this cluster still leaves its tag).")
    boolean keepRole;

    @Option(names = "--force", description = "Go on past a failing step; report every failure at the end (exit 1).")
    boolean force;

    @Option(names = "--dry-run", description = "Print the plan (what is deleted, what is kept and why); change nothing.")
    boolean dryRun;

    @Option(names = {"-o", "--output"}, paramLabel = "text|json", defaultValue = "text",
            description = "text, or json (the plan as one JSON object, then one JSON event per line).")
    String output;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation (needed when not on a terminal).")
    boolean yes;

    @Option(names = "--sandbox", description = "Start the local sandbox if needed and run against it (no AWS account).")
    boolean sandbox;

    public TeardownCommand(App app) {
        this.app = app;
    }

    @Override
    public String logName() {
        return "teardown";
    }

    private boolean json() {
        return output.equals("json");
    }

    @Override
    public Integer call() throws Exception {
        if (!output.equals("text") && !output.equals("json")) throw CliException.usage("-o: expected text or json, not '" + output + "'");
        if (!name.matches("[a-z0-9][a-z0-9.-]*[a-z0-9]")) throw CliException.usage("--name: '" + name + "' is not a cluster name");
        Map<String, String> env = new LinkedHashMap<>(app.env());
        if (sandbox) env.putAll(SandboxControl.ensureUp(app));
        FileJournal files = new FileJournal(app.home().clusters());
        TeardownJournals journals = new TeardownJournals(files);
        Optional<RunState> local = journals.local(name);

        String regionFlag = region != null ? region : local.flatMap(s -> s.input("region")).orElse(null);
        String profileFlag = profile != null ? profile : local.flatMap(s -> s.input("profile")).orElse(null);
        AwsSettings settings = AwsSettings.resolve(profileFlag, regionFlag, env);
        if (settings.region() == null) {
            throw CliException.usage("no AWS region: pass --region REGION or set AWS_REGION", "e.g. --region us-west-1");
        }
        AwsClients clients = new AwsClients(settings);
        try {
            SetupPorts ports = ports(env, clients);
            RunState state = local.orElseGet(() -> remote(ports, env));
            if (local.isEmpty() && !dryRun) files.save(state);
            Plan plan = Plans.teardown(TeardownInputs.setupInputs(state), ports, new TeardownInputs(keepBucket, keepRole));
            Preview preview = Preview.of(plan, state, app.clock());
            show(preview);
            if (dryRun) {
                if (!json()) app.console().println("Dry run: nothing was changed.");
                return ExitCode.OK;
            }
            if (!confirmed()) return ExitCode.FAILED;
            RunListener view = json() ? new JsonEvents(app.out()) : new StepProgress(app.console(), app.tty());
            PlanRunner runner = PlanRunner.journalingTo(files).clock(app.clock()).listener(TestHooks.haltAfter(app, view));
            if (force) runner = runner.keepGoing();
            RunResult result = runner.run(plan, state);
            return finish(result, state, journals, preview);
        } finally {
            clients.close();
        }
    }

    private SetupPorts ports(Map<String, String> env, AwsClients clients) {
        var runner = app.processRunner();
        return new SetupPorts(() -> {
            throw new IllegalStateException("teardown runs no preflight");
        }, new SdkStateBuckets(clients.s3()), new SdkIamRoles(clients.iam()), new ProcessKops(runner, env, line -> { }),
                new ProcessKubectl(runner, env), new KubeconfigFiles(app.clock()), new FreemarkerArtifacts(null),
                p -> Executables.find(p, env.get("PATH")), app.home()::cluster);
    }

    /** The journal setup mirrored to the state store, when there is no local one. */
    private RunState remote(SetupPorts ports, Map<String, String> env) {
        String store = stateStore != null ? stateStore : env.getOrDefault("KOPS_STATE_STORE", "s3://" + name);
        if (io.kopsauth.setup.StateStores.bucket(store).isEmpty()) {
            throw CliException.usage("--state-store: '" + store + "' is not an S3 URL s3://BUCKET");
        }
        // A missing bucket or object reads as empty; any other failure (credentials, network) is reported as such.
        Optional<RunState> found = TeardownJournals.fromStateStore(ports.buckets(), store, name);
        return found.orElseThrow(() -> CliException.failed("kopsauth has no journal for cluster " + name + " (none in "
                        + app.home().cluster(name) + ", none in " + store + "/" + name + "/kopsauth/)",
                "'kopsauth status' lists the clusters kopsauth knows on this machine",
                "if setup used another state store, pass it: --state-store s3://BUCKET"));
    }

    private void show(Preview p) {
        if (json()) {
            Map<String, Object> doc = new LinkedHashMap<>(Json.obj("event", "plan", "dryRun", dryRun));
            doc.putAll(p.toJson());
            app.out().println(Json.write(doc));
            app.out().flush();
            return;
        }
        var c = app.console();
        c.println("kopsauth teardown of cluster " + p.cluster() + ":");
        if (p.resources().isEmpty()) c.println("  (the journal records nothing that setup created)");
        for (Disposition d : p.resources()) {
            String word = switch (d.verdict()) {
                case DELETE -> c.style("red", "delete ");
                case UNTAG, KEEP -> c.style("green", "keep   ");
                case GONE -> c.style("faint", "gone   ");
                case UNKNOWN -> c.style("yellow", "unknown");
            };
            c.println("  " + word + " " + d.kind() + " " + d.id() + (d.reason() == null ? "" : "  (" + d.reason() + ")"));
        }
    }

    /** -y goes; on a terminal, ask; otherwise the plan has been printed and we stop (exit 1). */
    private boolean confirmed() throws java.io.IOException {
        if (yes) return true;
        PrintWriter c = json() ? app.err() : app.out();
        if (!app.tty()) {
            throw CliException.failed("not on a terminal, so not asking: nothing was changed",
                    "re-run with -y (--yes) to tear down", "or --dry-run to only see the plan");
        }
        c.print("Delete what is marked 'delete'? [y/N] ");
        c.flush();
        String answer = new BufferedReader(new InputStreamReader(app.in(), StandardCharsets.UTF_8)).readLine();
        if (answer != null && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"))) return true;
        c.println("Nothing was changed.");
        c.flush();
        return false;
    }

    private int finish(RunResult r, RunState state, TeardownJournals journals, Preview preview) {
        List<String> kept = preview.resources().stream()
                .filter(d -> d.verdict() == Disposition.Verdict.KEEP || d.verdict() == Disposition.Verdict.UNTAG)
                .map(d -> d.kind() + " " + d.id() + " (" + d.reason() + ")").toList();
        if (r.ok()) {
            Path archived = journals.archive(state, app.clock().instant());
            if (json()) {
                app.out().println(Json.write(Json.obj("event", "result", "ok", true, "cluster", name, "kept", kept,
                        "journal", archived.toString(), "elapsedMs", r.elapsed().toMillis(),
                        "log", app.runLog() == null ? null : app.runLog().toString())));
                app.out().flush();
            } else {
                var c = app.console();
                c.println("");
                c.ok("Cluster " + name + " is torn down; teardown took " + StepProgress.format(r.elapsed()) + ".");
                for (String k : kept) c.println("  Kept: " + k);
                c.println("  Journal archived: " + archived);
                if (app.runLog() != null) c.println("  Log: " + app.runLog());
            }
            return ExitCode.OK;
        }
        LoggerFactory.getLogger(TeardownCommand.class).error("teardown failed at {}", r.failed() == null ? "(start)" : r.failed().id(), r.failure());
        List<String> failures = new ArrayList<>();
        for (RunResult.Entry e : r.steps()) {
            if (e.outcome().status() == StepOutcome.Status.FAILED) failures.add(e.step().title() + ": " + e.outcome().message());
        }
        List<String> hints = new ArrayList<>();
        int code = ExitCode.FAILED;
        if (r.failure() instanceof CliException ce) {
            hints.addAll(ce.hints());
            if (ce.exitCode() == ExitCode.PREFLIGHT) code = ce.exitCode();
        }
        hints.add("fix the cause and re-run the same command: it continues where it stopped");
        if (!force) hints.add("or add --force to go on past failing steps");
        if (json()) {
            app.out().println(Json.write(Json.obj("event", "result", "ok", false, "cluster", name, "failures", failures)));
            app.out().flush();
        }
        if (failures.isEmpty()) {
            Throwable t = r.failure();
            failures.add(t == null ? "unknown error" : t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
        }
        String msg = failures.size() == 1 ? "teardown failed at " + failures.get(0)
                : "teardown failed at " + failures.size() + " steps:\n  - " + String.join("\n  - ", failures);
        throw new CliException(code, msg, r.failure(), hints.toArray(String[]::new));
    }

    /** The test hook shared with setup: halt (like SIGKILL) right after a named step has been journaled. */
    static final class TestHooks {
        private TestHooks() {}

        static RunListener haltAfter(App app, RunListener view) {
            String haltAfter = app.env(SetupCommand.HALT_AFTER_ENV);
            if (haltAfter == null) return view;
            return RunListener.all(view, new RunListener() {
                @Override
                public void stepFinished(Step step, StepOutcome outcome) {
                    if (step.id().equals(haltAfter)) {
                        app.out().flush();
                        Runtime.getRuntime().halt(137);
                    }
                }
            });
        }
    }
}
