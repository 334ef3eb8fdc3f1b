package io.kopsauth.cli;

import io.kopsauth.App;
import io.kopsauth.Main;
import io.kopsauth.aws.AwsClients;
import io.kopsauth.aws.AwsSettings;
import io.kopsauth.aws.RecordingIamRoles;
import io.kopsauth.aws.RecordingStateBuckets;
import io.kopsauth.aws.SdkIamRoles;
import io.kopsauth.aws.SdkIdentity;
import io.kopsauth.aws.SdkStateBuckets;
import io.kopsauth.exec.Executables;
import io.kopsauth.json.Json;
import io.kopsauth.kops.ProcessKops;
import io.kopsauth.preflight.Preflight;
import io.kopsauth.kops.RecordingKops;
import io.kopsauth.kube.KubeconfigFiles;
import io.kopsauth.kube.ProcessKubectl;
import io.kopsauth.kube.RecordingKubeconfigs;
import io.kopsauth.kube.RecordingKubectl;
import io.kopsauth.render.Artifacts;
import io.kopsauth.sandbox.SandboxControl;
import io.kopsauth.setup.AddKubeconfigUserStep;
import io.kopsauth.setup.Plans;
import io.kopsauth.setup.S3JournalMirror;
import io.kopsauth.setup.SetupInputs;
import io.kopsauth.setup.SetupPorts;
import io.kopsauth.setup.SetupRuns;
import io.kopsauth.setup.Values;
import io.kopsauth.ui.JsonEvents;
import io.kopsauth.ui.StepProgress;
import io.kopsauth.workflow.FileJournal;
import io.kopsauth.workflow.Journal;
import io.kopsauth.workflow.Plan;
import io.kopsauth.workflow.PlanRunner;
import io.kopsauth.workflow.RunListener;
import io.kopsauth.workflow.RunResult;
import io.kopsauth.workflow.RunState;
import io.kopsauth.workflow.Step;
import io.kopsauth.workflow.StepOutcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kopsauth setup}: parses and validates the options, then hands the setup plan to the runner. */
@Command(name = "setup", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        header = "Create a kops cluster that authenticates you through IAM: the whole blog flow, safely resumable.",
        description = {
            "",
            "Steps: preflight, choose the name, S3 state bucket, kops create cluster, RBAC + authenticator in the "
                    + "spec, the admin IAM role, kops update cluster, the authenticator's mapping, a kubeconfig exec "
                    + "user, validation through IAM. Each step checks the real world first and is skipped when done; "
                    + "the journal (~/.kopsauth/clusters/<name>/journal.json) remembers inputs, generated values and "
                    + "every resource, so re-running the same command resumes after a failure or a crash.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  # the whole flow on the local sandbox, no AWS account needed",
            "  kopsauth setup --sandbox -y",
            "  # print every command, AWS call and file change in order; change nothing",
            "  kopsauth setup --dry-run --region eu-west-1",
            "  kopsauth setup --name demo.k8s.local --region eu-west-1 --mapping crd -y",
            "  # options from a YAML file (e.g. 'name: demo.k8s.local'), one JSON event per line",
            "  kopsauth setup -f cluster.yaml -o json -y",
            "",
            "Without --exec-plugin, setup uses aws-iam-authenticator if it is on PATH, else 'aws eks get-token' if",
            "the AWS CLI is (and no --external-id), else 'kopsauth token' itself; --exec-plugin kopsauth always uses",
            "'kopsauth token'. The new context is kopsauth-<name>.",
            "",
            "Exit codes: 0 done (or a dry run); 1 a step failed: re-run the same command to resume, or",
            "'kopsauth teardown' to clean up; 2 bad input, nothing created; 3 preflight failed, nothing created;",
            "130 interrupted.",
        })
public final class SetupCommand implements Callable<Integer>, Logged {
    /** Test hook: the process halts (like SIGKILL) right after the named step has been journaled. */
    static final String HALT_AFTER_ENV = "KOPSAUTH_TEST_HALT_AFTER";

    private final App app;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Mixin
    IdentityOptions identity = new IdentityOptions();

    @Mixin
    TemplateOptions templates = new TemplateOptions();

    @Mixin
    SetupOptions setup = new SetupOptions();

    @Option(names = "--dry-run", description = "Print every command line, AWS call and file change in order; change nothing.")
    boolean dryRun;

    @Option(names = {"-o", "--output"}, paramLabel = "text|json", defaultValue = "text",
            description = "text (a line per step) or json (one JSON event per line).")
    String output;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation (needed when not on a terminal).")
    boolean yes;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "Read options from a YAML file (keys are the long option names, e.g. 'name: demo.k8s.local', "
                    + "'zones: [eu-west-1a]'); options on the command line win.")
    Path file;

    @Option(names = "--sandbox", description = "Start the local sandbox if needed and run against it (no AWS account).")
    boolean sandbox;

    public SetupCommand(App app) {
        this.app = app;
    }

    @Override
    public String logName() {
        return "setup";
    }

    @Override
    public Integer call() throws Exception {
        if (file != null) return withFile();
        if (!output.equals("text") && !output.equals("json")) throw CliException.usage("-o: expected text or json, not '" + output + "'");
        // Bad input is reported before anything starts, the sandbox included.
        identity.inputs(cluster, cluster.name() != null ? cluster.name() : "name.to.be.chosen", cluster.region());
        SetupOptions.duration(setup.validateTimeout);

        Map<String, String> env = new LinkedHashMap<>(app.env());
        if (sandbox) env.putAll(SandboxControl.ensureUp(app));
        AwsSettings settings = AwsSettings.resolve(cluster.profile(), cluster.region(), env);
        if (settings.region() == null) {
            throw CliException.usage("no AWS region: pass --region REGION or set AWS_REGION", "e.g. --region us-west-1");
        }
        SetupInputs in = setup.inputs(app, cluster, identity, spec.commandLine().getParseResult().hasMatchedOption("--exec-command"),
                env, settings);

        StepProgress progress = new StepProgress(app.console(), app.tty());
        RunListener view = output.equals("json") ? new JsonEvents(app.out()) : dryRun ? progress.preview() : progress;
        AwsClients clients = new AwsClients(settings);
        try {
            SetupPorts ports = ports(env, clients, view);
            FileJournal files = new FileJournal(app.home().clusters());
            RunState state = SetupRuns.resume(files, in, app.clock().instant());
            Plan plan = Plans.setup(in, ports, new SecureRandom());
            if (!dryRun && !confirmed(plan, state, in)) return ExitCode.FAILED;
            String owner = env.getOrDefault("USER", "someone");
            try (Journal journal = dryRun ? Journal.NONE
                    : Journal.all(files, new S3JournalMirror(ports.buckets(), owner, ProcessHandle.current().pid(), app.clock()))) {
                PlanRunner runner = PlanRunner.journalingTo(journal).clock(app.clock()).listener(listeners(view));
                if (dryRun) runner = runner.sequential();
                if (output.equals("text") && dryRun) app.console().println("Dry run: nothing will be changed.");
                RunResult result = runner.run(plan, state);
                return finish(result, state, files, in);
            }
        } finally {
            clients.close();
        }
    }

    private RunListener listeners(RunListener view) {
        String haltAfter = app.env(HALT_AFTER_ENV);
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

    private SetupPorts ports(Map<String, String> env, AwsClients clients, RunListener view) {
        var runner = app.processRunner();
        var identityPort = new SdkIdentity(clients.sts());
        Supplier<Preflight.Report> preflight = () -> new Preflight(runner, env, clients.settings(), Preflight.sts(clients)).run(false);
        var buckets = new SdkStateBuckets(clients.s3());
        var roles = new SdkIamRoles(clients.iam());
        var kops = new ProcessKops(runner, env, line -> { });
        var kubectl = new ProcessKubectl(runner, env);
        var kubeconfigs = new KubeconfigFiles(app.clock());
        Artifacts artifacts = templates.artifacts();
        Function<String, Optional<Path>> which = p -> Executables.find(p, env.get("PATH"));
        if (!dryRun) {
            return new SetupPorts(preflight, buckets, roles, kops, kubectl, kubeconfigs, artifacts, which, app.home()::cluster);
        }
        // Dry run: the same steps against recording write ports; every read still goes to the real world.
        return new SetupPorts(preflight, new RecordingStateBuckets(buckets, view::action),
                new RecordingIamRoles(roles, view::action, () -> identityPort.whoAmI().account()),
                new RecordingKops(kops, view::action), new RecordingKubectl(kubectl, view::action),
                new RecordingKubeconfigs(kubeconfigs, view::action), artifacts, which, app.home()::cluster);
    }

    /** On a terminal, ask; otherwise proceed only with --yes. */
    private boolean confirmed(Plan plan, RunState state, SetupInputs in) throws IOException {
        if (yes) return true;
        // With -o json, stdout carries only JSON events: the plan and the question go to stderr.
        java.io.PrintWriter c = output.equals("json") ? app.err() : app.out();
        c.println("kopsauth setup will, for cluster " + state.cluster().orElse(in.name() != null ? in.name() : "authenticator.<random>.k8s.local")
                + " in " + in.region() + ":");
        for (Step s : plan.steps()) c.println("  - " + s.title());
        c.println("Each step is skipped if it is already done. Preview every command with --dry-run.");
        c.flush();
        if (!app.tty()) {
            throw CliException.failed("not on a terminal, so not asking: re-run with --yes to proceed",
                    "add -y (--yes) to run without confirmation, or --dry-run to see every command first");
        }
        c.print("Proceed? [y/N] ");
        c.flush();
        String answer = new BufferedReader(new InputStreamReader(app.in(), StandardCharsets.UTF_8)).readLine();
        if (answer != null && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"))) return true;
        c.println("Nothing was changed.");
        c.flush();
        return false;
    }

    private int finish(RunResult r, RunState state, FileJournal files, SetupInputs in) {
        String name = state.cluster().orElse(null);
        if (r.ok()) {
            String context = AddKubeconfigUserStep.entryName(name);
            if (output.equals("json")) {
                app.out().println(Json.write(Json.obj("event", "result", "ok", true, "dryRun", dryRun, "cluster", name,
                        "context", context, "kubeconfig", in.kubeconfig().toString(),
                        "whoami", state.value(Values.WHOAMI).orElse(null), "elapsedMs", r.elapsed().toMillis(),
                        "journal", dryRun ? null : files.file(name).toString(),
                        "log", app.runLog() == null ? null : app.runLog().toString())));
                app.out().flush();
            } else if (dryRun) {
                app.console().println("Dry run done in " + StepProgress.format(r.elapsed()) + ": nothing was changed.");
            } else {
                var c = app.console();
                c.println("");
                c.ok("Cluster " + name + " is ready; setup took " + StepProgress.format(r.elapsed()) + ".");
                state.value(Values.WHOAMI).ifPresent(w -> c.println("  You are " + w + " through IAM."));
                c.println("  Try: kubectl --kubeconfig " + in.kubeconfig() + " --context " + context + " get nodes");
                c.println("  Journal: " + files.file(name));
                if (app.runLog() != null) c.println("  Log: " + app.runLog());
            }
            return ExitCode.OK;
        }
        Throwable cause = r.failure();
        // Looked up here, not in a static field: the per-run log is configured after commands are constructed.
        Logger log = LoggerFactory.getLogger(SetupCommand.class);
        log.error("setup failed at step {}", r.failed() == null ? "(start)" : r.failed().id(), cause);
        if (r.status() == RunResult.Status.STOPPED) throw CliException.failed("setup stopped before: " + r.failed().title());
        List<String> hints = new ArrayList<>();
        int code = ExitCode.FAILED;
        String msg = cause == null ? "unknown error" : cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (cause instanceof CliException ce) {
            hints.addAll(ce.hints());
            code = ce.exitCode();
        }
        if (code != ExitCode.USAGE && code != ExitCode.PREFLIGHT && name != null && !dryRun) {
            hints.add("re-run the same command to resume where it stopped");
            hints.add("or remove everything setup created: kopsauth teardown --name " + name);
        }
        String where = r.failed() == null ? "setup could not start: " : "setup failed at '" + r.failed().title() + "': ";
        throw new CliException(code, where + msg, cause, hints.toArray(String[]::new));
    }

    /** Re-parses with the options from the YAML file first, then the command line's (which win), and runs that. */
    private Integer withFile() throws Exception {
        SetupCommand again = new SetupCommand(app);
        new CommandLine(again, Main.factory(app)).parseArgs(OptionsFile.merged(file, spec).toArray(String[]::new));
        return again.call();
    }
}
