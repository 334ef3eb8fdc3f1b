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
import io.kopsauth.kops.ProcessKops;
import io.kopsauth.kops.RecordingKops;
import io.kopsauth.kube.KubeconfigFiles;
import io.kopsauth.kube.ProcessKubectl;
import io.kopsauth.kube.RecordingKubeconfigs;
import io.kopsauth.kube.RecordingKubectl;
import io.kopsauth.preflight.Preflight;
import io.kopsauth.render.Artifacts;
import io.kopsauth.sandbox.SandboxControl;
import io.kopsauth.setup.AddKubeconfigUserStep;
import io.kopsauth.setup.S3JournalMirror;
import io.kopsauth.setup.SetupInputs;
import io.kopsauth.setup.SetupPorts;
import io.kopsauth.setup.SetupRuns;
import io.kopsauth.setup.Values;
import io.kopsauth.tutorial.Narration;
import io.kopsauth.tutorial.Narrations;
import io.kopsauth.tutorial.Tutorial;
import io.kopsauth.ui.Console;
import io.kopsauth.ui.CtrlC;
import io.kopsauth.ui.LineInput;
import io.kopsauth.ui.StepProgress;
import io.kopsauth.ui.TerminalWidth;
import io.kopsauth.ui.Wrap;
import io.kopsauth.workflow.Action;
import io.kopsauth.workflow.FileJournal;
import io.kopsauth.workflow.Journal;
import io.kopsauth.workflow.PlanRunner;
import io.kopsauth.workflow.RunResult;
import io.kopsauth.workflow.RunState;
import io.kopsauth.workflow.Step;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kopsauth tutorial}: the setup plan, one narrated step at a time, on the sandbox unless {@code --aws}. */
@Command(name = "tutorial", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        header = "Walk through the blog one step at a time: what each step does and why, the commands you would "
                + "type, a preview, then run it.",
        description = {
            "",
            "Runs the very same steps as 'kopsauth setup', on the local sandbox unless --aws is given (nothing costs "
                    + "money and no AWS account is needed). Before each step it explains what the step does and why, "
                    + "shows the exact commands a person would type for this run (aws, kops, kubectl, the kubeconfig "
                    + "snippet), previews what will change (the trust policy, the spec diff, the ConfigMap, the "
                    + "kubeconfig entries) and asks: Enter runs it, s skips it (only where that is safe), q stops "
                    + "(re-run with the same --name to resume; 'kopsauth setup' can finish it too), ? shows more. "
                    + "After each step it shows the result and what to look at.",
            "",
            "Without a terminal, or with --auto, it prints the same narration and runs every step without waiting. "
                    + "Ctrl-C stops at the next step boundary.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  # the blog on the local sandbox, asking before each step",
            "  kopsauth tutorial",
            "  # the same narration without questions (for CI or docs), with a pause for demos",
            "  kopsauth tutorial --auto --pause 3",
            "  # resume a tutorial you quit",
            "  kopsauth tutorial --name authenticator.abcdefghij.k8s.local",
            "  # on real AWS (costs money): setup's preflight and confirmation first",
            "  kopsauth tutorial --aws --region eu-west-1 --name demo.k8s.local",
            "",
            "Exit codes: 0 finished, or you quit with q (re-run to resume); 1 a step failed (re-run to resume);",
            "2 bad input; 3 preflight failed; 130 interrupted by Ctrl-C (re-run to resume).",
        })
public final class TutorialCommand implements Callable<Integer>, Logged {
    private final App app;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Mixin
    IdentityOptions identity = new IdentityOptions();

    @Mixin
    SetupOptions setup = new SetupOptions();

    @Mixin
    TemplateOptions templates = new TemplateOptions();

    @Option(names = "--aws", description = "Run against real AWS with your credentials instead of the local sandbox.")
    boolean aws;

    @Option(names = "--auto", description = "Do not ask: narrate and run every step (the default without a terminal).")
    boolean auto;

    @Option(names = "--pause", paramLabel = "SECONDS", defaultValue = "0",
            description = "With --auto (or without a terminal), wait this long before each step (default: ${DEFAULT-VALUE}).")
    double pause;

    @Option(names = "--interactive",
            description = "Ask before each step even when standard input is not a terminal (answers from a pipe).")
    boolean interactive;

    @Option(names = {"-y", "--yes"}, description = "With --aws: do not ask for the initial confirmation.")
    boolean yes;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "Read options from a YAML file (keys are the long option names); the command line wins.")
    Path file;

    public TutorialCommand(App app) {
        this.app = app;
    }

    @Override
    public String logName() {
        return "tutorial";
    }

    @Override
    public Integer call() throws Exception {
        if (file != null) {
            TutorialCommand again = new TutorialCommand(app);
            new CommandLine(again, Main.factory(app)).parseArgs(OptionsFile.merged(file, spec).toArray(String[]::new));
            return again.call();
        }
        if (auto && interactive) throw CliException.usage("--auto and --interactive contradict each other");
        if (pause < 0 || pause > 3600) throw CliException.usage("--pause: expected 0 to 3600 seconds, not " + pause);
        Console console = app.console();
        int width = TerminalWidth.of(app.env(), app.processRunner(), app.tty());
        Map<String, String> env = new LinkedHashMap<>(app.env());
        if (!aws) {
            Wrap.paragraph("Using the local sandbox: no AWS account is needed and nothing costs money (--aws for real AWS).",
                    width, "").forEach(console::println);
            env.putAll(SandboxControl.ensureUp(app));
        }
        AwsSettings settings = AwsSettings.resolve(cluster.profile(), cluster.region(), env);
        if (settings.region() == null) {
            throw CliException.usage("no AWS region: pass --region REGION or set AWS_REGION", "e.g. --region us-west-1");
        }
        SetupInputs in = setup.inputs(app, cluster, identity,
                spec.commandLine().getParseResult().hasMatchedOption("--exec-command"), env, settings);
        boolean asking = !auto && (app.tty() || interactive);
        Narrations narrations = new Narrations(templates.templates());

        AwsClients clients = new AwsClients(settings);
        LineInput input = new LineInput(app.in());
        try {
            FileJournal files = new FileJournal(app.home().clusters());
            RunState state = SetupRuns.resume(files, in, app.clock().instant());
            SetupPorts ports = ports(env, clients, null);
            Tutorial tutorial = new Tutorial(in, ports, sink -> ports(env, clients, sink), new SecureRandom().nextLong(),
                    narrations, console, input, new Tutorial.Settings(asking, Duration.ofMillis((long) (pause * 1000)), width),
                    files::file, app.clock(), PlanRunner.Sleeper.REAL);
            introduce(tutorial, state, asking);
            if (aws && !confirmed(tutorial, state, in, input)) return ExitCode.FAILED;
            String owner = env.getOrDefault("USER", "someone");
            RunResult result;
            try (Journal journal = Journal.all(files, new S3JournalMirror(ports.buckets(), owner, ProcessHandle.current().pid(), app.clock()));
                 AutoCloseable ctrlC = CtrlC.onInterrupt(() -> {
                     tutorial.interrupt();
                     console.println("");
                     tutorial.say("Stopping after the current step (Ctrl-C again to stop at once).");
                 })) {
                result = tutorial.run(journal, state);
            }
            return finish(tutorial, result, state, in, files, asking, input);
        } finally {
            clients.close();
        }
    }

    /** The real ports, or (with a sink) recording write ports over the same real reads, for previews. */
    private SetupPorts ports(Map<String, String> env, AwsClients clients, Consumer<Action> sink) {
        var runner = app.processRunner();
        Supplier<Preflight.Report> preflight = () -> new Preflight(runner, env, clients.settings(), Preflight.sts(clients)).run();
        var buckets = new SdkStateBuckets(clients.s3());
        var roles = new SdkIamRoles(clients.iam());
        var kops = new ProcessKops(runner, env, line -> { });
        var kubectl = new ProcessKubectl(runner, env);
        var kubeconfigs = new KubeconfigFiles(app.clock());
        Artifacts artifacts = templates.artifacts();
        Function<String, Optional<Path>> which = p -> Executables.find(p, env.get("PATH"));
        if (sink == null) {
            return new SetupPorts(preflight, buckets, roles, kops, kubectl, kubeconfigs, artifacts, which, app.home()::cluster);
        }
        var identityPort = new SdkIdentity(clients.sts());
        return new SetupPorts(preflight, new RecordingStateBuckets(buckets, sink),
                new RecordingIamRoles(roles, sink, () -> identityPort.whoAmI().account()),
                new RecordingKops(kops, sink), new RecordingKubectl(kubectl, sink),
                new RecordingKubeconfigs(kubeconfigs, sink), artifacts, which, app.home()::cluster);
    }

    private void introduce(Tutorial t, RunState state, boolean asking) {
        t.heading("kopsauth tutorial: 'Deploying the AWS IAM Authenticator to kops', one step at a time");
        t.say("You will build a kops cluster whose users log in with their AWS IAM identity: an S3 state store, the "
                + "cluster with RBAC and the AWS IAM Authenticator, an IAM role for administrators, the authenticator's "
                + "mapping of that role to a Kubernetes user, and a kubeconfig user that gets its token from IAM. "
                + "Each step says what it does and why, the commands you would type by hand, and what will change.");
        if (state.cluster().isPresent()) {
            t.say("Resuming " + state.cluster().get() + ": steps already done are checked and passed over.");
        }
        if (asking) t.say("At each step: Enter runs it, s skips it (where safe), q stops (re-run to resume), ? shows more.");
    }

    /** With --aws: setup's confirmation (a list of steps; on a terminal ask, otherwise only with --yes). */
    private boolean confirmed(Tutorial t, RunState state, SetupInputs in, LineInput input) {
        if (yes) return true;
        Console c = app.console();
        c.println("");
        t.say("kopsauth tutorial will, on real AWS (this costs money), for cluster "
                + state.cluster().orElse(in.name() != null ? in.name() : "authenticator.<random>.k8s.local") + " in " + in.region() + ":");
        for (Step s : t.plan().steps()) t.say("- " + s.title());
        if (!app.tty() && !interactive) {
            throw CliException.failed("not on a terminal, so not asking: re-run with --yes to proceed",
                    "add -y (--yes) to run without confirmation");
        }
        c.out().print("Proceed? [y/N] ");
        c.out().flush();
        if (input.next() instanceof LineInput.Answer.Line l && (l.text().trim().equalsIgnoreCase("y") || l.text().trim().equalsIgnoreCase("yes"))) {
            return true;
        }
        c.println("Nothing was changed.");
        return false;
    }

    private String resumeCommand(String name) {
        List<String> a = new ArrayList<>(List.of("kopsauth", "tutorial"));
        if (name != null) a.addAll(List.of("--name", name));
        if (aws) a.add("--aws");
        return String.join(" ", a);
    }

    private String teardownCommand(String name) {
        return "kopsauth teardown --name " + name + (aws ? "" : " --sandbox");
    }

    private int finish(Tutorial t, RunResult r, RunState state, SetupInputs in, FileJournal files, boolean asking, LineInput input) {
        String name = state.cluster().orElse(in.name());
        if (r.ok()) {
            String context = AddKubeconfigUserStep.entryName(name);
            t.heading("Done: cluster " + name + " is ready (" + StepProgress.format(r.elapsed()) + " this run).");
            state.value(Values.WHOAMI).ifPresent(w -> t.say("You are " + w + ", through IAM."));
            t.say("Try it:\n$ kubectl --kubeconfig " + state.value(Values.KUBECONFIG).orElse(in.kubeconfig().toString())
                    + " --context " + context + " get nodes");
            t.say("The journal of this run: " + files.file(name));
            cleanUp(t, state, name, asking, input);
            return ExitCode.OK;
        }
        String resume = "re-run '" + resumeCommand(name) + "' (with the same options) to resume"
                + (name == null ? "" : ", or 'kopsauth setup --name " + name + (aws ? "" : " --sandbox") + " -y' to finish without the narration");
        if (r.status() == RunResult.Status.STOPPED || t.interrupted()) {
            t.heading("Stopped before '" + r.failed().title() + "'.");
            t.say("Everything done so far is kept" + (state.cluster().isEmpty() ? "." : " in " + files.file(name) + "."));
            t.say("- " + resume);
            if (state.cluster().isPresent()) t.say("- or remove what was created: " + teardownCommand(name));
            return t.interrupted() ? ExitCode.INTERRUPTED : ExitCode.OK;
        }
        Throwable cause = r.failure();
        LoggerFactory.getLogger(TutorialCommand.class).error("tutorial failed at step {}", r.failed() == null ? "(start)" : r.failed().id(), cause);
        List<String> hints = new ArrayList<>();
        int code = ExitCode.FAILED;
        String msg = cause == null ? "unknown error" : cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (cause instanceof CliException ce) {
            hints.addAll(ce.hints());
            code = ce.exitCode();
        }
        if (code != ExitCode.USAGE && code != ExitCode.PREFLIGHT && state.cluster().isPresent()) {
            hints.add(resume);
            hints.add("or remove what was created: " + teardownCommand(name));
        }
        String where = r.failed() == null ? "the tutorial could not start: " : "the tutorial failed at '" + r.failed().title() + "': ";
        throw new CliException(code, where + msg, cause, hints.toArray(String[]::new));
    }

    /** After validation: the clean-up, narrated; teardown runs from here when this kopsauth has it. */
    private void cleanUp(Tutorial t, RunState state, String name, boolean asking, LineInput input) {
        Narration n = t.cleanUp(state);
        t.heading("Clean-up");
        if (!n.intro().isEmpty()) t.say(n.intro());
        CommandLine root = spec.root().commandLine();
        if (!root.getSubcommands().containsKey("teardown")) {
            t.say("When you are done, remove everything this tutorial created with:\n$ " + teardownCommand(name));
            return;
        }
        if (!asking) {
            t.say("When you are done, remove everything with:\n$ " + teardownCommand(name));
            return;
        }
        app.console().out().print("  Remove it all now? [y/N] ");
        app.console().out().flush();
        if (input.next() instanceof LineInput.Answer.Line l && l.text().trim().toLowerCase().startsWith("y")) {
            List<String> args = new ArrayList<>(List.of("teardown", "--name", name, "--yes"));
            if (!aws) args.add("--sandbox");
            root.execute(args.toArray(String[]::new));
        } else {
            t.say("Kept. Remove it later with:\n$ " + teardownCommand(name));
        }
    }
}
