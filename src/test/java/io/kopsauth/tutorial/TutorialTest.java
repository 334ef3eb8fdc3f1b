package io.kopsauth.tutorial;

import static org.assertj.core.api.Assertions.assertThat;

import io.kopsauth.Home;
import io.kopsauth.aws.RecordingIamRoles;
import io.kopsauth.aws.RecordingStateBuckets;
import io.kopsauth.fakes.FakeCluster;
import io.kopsauth.fakes.InMemoryIamRoles;
import io.kopsauth.fakes.InMemoryStateBuckets;
import io.kopsauth.kops.KopsVersion;
import io.kopsauth.kops.RecordingKops;
import io.kopsauth.kube.KubeconfigFiles;
import io.kopsauth.kube.RecordingKubeconfigs;
import io.kopsauth.kube.RecordingKubectl;
import io.kopsauth.preflight.Preflight;
import io.kopsauth.render.AuthInputs;
import io.kopsauth.render.FreemarkerArtifacts;
import io.kopsauth.render.MappingMode;
import io.kopsauth.setup.SetupInputs;
import io.kopsauth.setup.SetupPorts;
import io.kopsauth.setup.SetupRuns;
import io.kopsauth.ui.Console;
import io.kopsauth.ui.LineInput;
import io.kopsauth.workflow.Action;
import io.kopsauth.workflow.FileJournal;
import io.kopsauth.workflow.RunResult;
import io.kopsauth.workflow.RunState;
import io.kopsauth.workflow.StepOutcome;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Help.Ansi;

/** The tutorial over the real setup plan on stateful fakes: narration, manual commands, previews, prompts, resume. */
class TutorialTest {
    static final String ACCOUNT = "111122223333";

    @TempDir
    Path dir;
    Home home;
    InMemoryStateBuckets buckets;
    InMemoryIamRoles roles;
    FakeCluster cluster;
    FileJournal files;
    StringWriter out;
    Tutorial tutorial;
    final Preflight.Report preflight = new Preflight.Report(List.of(new Preflight.Check("kops", Preflight.Status.OK, "kops 1.36.2", null)),
            KopsVersion.of(1, 36, 2), Path.of("/usr/bin/kops"), new Preflight.Caller(ACCOUNT, "arn:aws:iam::" + ACCOUNT + ":user/alice"),
            "us-west-1");

    @BeforeEach
    void world() {
        home = new Home(dir.resolve("kopsauth"), dir.resolve("home"));
        buckets = new InMemoryStateBuckets();
        roles = new InMemoryIamRoles(ACCOUNT);
        cluster = new FakeCluster();
        files = new FileJournal(home.clusters());
    }

    SetupInputs inputs(String name) {
        AuthInputs d = AuthInputs.defaults(name == null ? "name.to.be.chosen" : name).withRegion("us-west-1");
        AuthInputs a = new AuthInputs(d.name(), null, null, d.region(), null, d.adminRoleName(), d.adminUsername(), d.adminGroups(),
                List.of(), List.of(), List.of(), List.of(), false, null, null, "aws-iam-authenticator", MappingMode.CONFIGMAP);
        return new SetupInputs(name, a, false, true, List.of("us-west-1a"), null, null, null, null, null, false,
                dir.resolve("home/.kube/config"), false, Map.of(), null, Duration.ofMinutes(1));
    }

    SetupPorts ports() {
        return new SetupPorts(() -> preflight, buckets, roles, cluster.kops(), cluster.kubectl(), new KubeconfigFiles(Clock.systemUTC()),
                new FreemarkerArtifacts(null), p -> Optional.of(Path.of("/usr/bin", p)), home::cluster);
    }

    SetupPorts recording(Consumer<Action> sink) {
        SetupPorts p = ports();
        return new SetupPorts(p.preflight(), new RecordingStateBuckets(buckets, sink), new RecordingIamRoles(roles, sink, () -> ACCOUNT),
                new RecordingKops(p.kops(), sink), new RecordingKubectl(p.kubectl(), sink), new RecordingKubeconfigs(p.kubeconfigs(), sink),
                p.artifacts(), p.which(), p.clusterDir());
    }

    RunResult run(SetupInputs in, String answers, boolean interactive) {
        out = new StringWriter();
        Console console = new Console(new PrintWriter(out, true), new PrintWriter(out, true), Ansi.OFF, false);
        LineInput input = new LineInput(new ByteArrayInputStream(answers.getBytes(StandardCharsets.UTF_8)));
        tutorial = new Tutorial(in, ports(), this::recording, 42L, new Narrations(null), console, input,
                new Tutorial.Settings(interactive, Duration.ZERO, 100), files::file, Clock.systemUTC(), d -> { });
        RunState state = SetupRuns.resume(files, in, Clock.systemUTC().instant());
        try (var journal = files) {
            return tutorial.run(journal, state);
        }
    }

    static List<String> statuses(RunResult r) {
        return r.steps().stream().map(e -> e.step().id() + "=" + e.outcome().status().word()).toList();
    }

    @Test
    void quittingInTheMiddleKeepsTheJournalAndTheNextRunResumesAndFinishes() {
        RunResult first = run(inputs("demo.k8s.local"), "\n\n?\n\nq\n", true);

        assertThat(first.status()).isEqualTo(RunResult.Status.STOPPED);
        assertThat(tutorial.quit()).isTrue();
        assertThat(statuses(first)).containsExactly("preflight=applied", "choose-name=applied", "create-state-bucket=applied",
                "create-cluster=stopped");
        String o = out.toString();
        assertThat(o).contains("── Step 3 of 10 · Create the S3 state bucket")
                .contains("kops keeps the desired state of every cluster")
                .contains("By hand, you would run:")
                .contains("$ aws s3api create-bucket --bucket demo.k8s.local --region us-west-1")
                .contains("What will change now:")
                .contains("• call: aws s3api create-bucket --bucket demo.k8s.local")
                .contains("Bucket names are global") // the "?" answer
                .contains("$ aws s3api get-bucket-versioning --bucket demo.k8s.local") // try now
                .contains("$ kops create cluster --name demo.k8s.local --zones us-west-1a --state s3://demo.k8s.local")
                .contains("[Enter] run   [q] quit (resume later)   [?] more ›");
        assertThat(buckets.creates).isEqualTo(1);
        assertThat(cluster.creates).isZero();
        assertThat(files.load("demo.k8s.local")).get().extracting(s -> s.step("create-state-bucket").orElseThrow().status())
                .isEqualTo("applied");

        RunResult second = run(inputs("demo.k8s.local"), "s\n\n\n\n\n\n\n\ns\n", true);

        assertThat(second.ok()).as(String.valueOf(second.failure())).isTrue();
        assertThat(statuses(second)).containsExactly("preflight=applied", "choose-name=already-done", "create-state-bucket=already-done",
                "create-cluster=applied", "create-admin-role=applied", "configure-cluster-auth=applied", "update-cluster=applied",
                "apply-mapping=applied", "add-kubeconfig-user=applied", "validate=skipped");
        assertThat(out.toString()).contains("already done: s3://demo.k8s.local exists")
                .contains("This step cannot be skipped")
                .contains("[Enter] run   [s] skip   [q] quit");
        assertThat(buckets.creates).isEqualTo(1);
        assertThat(cluster.creates).isEqualTo(1);
        assertThat(roles.creates).isEqualTo(1);
    }

    @Test
    void withoutAskingEveryStepIsNarratedWithItsManualEquivalentAndPreviewThenRuns() {
        RunResult r = run(inputs(null), "", false);

        assertThat(r.ok()).as(String.valueOf(r.failure())).isTrue();
        assertThat(r.steps()).extracting(e -> e.outcome().status()).containsOnly(StepOutcome.Status.APPLIED);
        String name = cluster.specs.keySet().iterator().next();
        // Commands are folded with "\" continuations to fit the width; join them back.
        String o = out.toString().replaceAll(" \\\\\n\\s+", " ");
        // The preview chose the same random name as the run.
        assertThat(o).contains("remember cluster = " + name).doesNotContain("[Enter]");
        assertThat(o).contains("$ export NAME=" + name)
                .contains("cat > trust-policy.json <<'EOF'")
                .contains("$ aws iam create-role --role-name KubernetesAdmin")
                .contains("kops get cluster " + name + " --state s3://" + name + " -o yaml > spec.yaml")
                .contains("$ kops replace -f spec.yaml --state s3://" + name)
                .contains("the cluster spec changes (- now, + after):")
                .contains("+     aws:")
                .contains("apply -f - <<'EOF'")
                .contains("name: aws-iam-authenticator")
                .contains("kubectl config set-credentials kopsauth-" + name)
                .contains("$ kops validate cluster --name " + name)
                .contains("$ kubectl --kubeconfig " + dir.resolve("home/.kube/config") + " --context kopsauth-" + name + " get nodes");
        for (int i = 1; i <= 10; i++) assertThat(o).contains("── Step " + i + " of 10 · ");
    }

    @Test
    void ctrlCAtAPromptStopsBeforeTheStep() {
        out = new StringWriter();
        Console console = new Console(new PrintWriter(out, true), new PrintWriter(out, true), Ansi.OFF, false);
        // An input that never answers (a connected pipe nobody writes to): only the interrupt ends the wait.
        java.io.PipedOutputStream silent = new java.io.PipedOutputStream();
        LineInput input;
        try {
            input = new LineInput(new java.io.PipedInputStream(silent, 1));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        SetupInputs in = inputs("c.k8s.local");
        tutorial = new Tutorial(in, ports(), this::recording, 1L, new Narrations(null), console, input,
                new Tutorial.Settings(true, Duration.ZERO, 80), files::file, Clock.systemUTC(), d -> { });
        Thread presser = new Thread(() -> {
            while (!out.toString().contains("[?] more ›")) Thread.onSpinWait();
            tutorial.interrupt();
        });
        presser.start();

        RunResult r = tutorial.run(files, SetupRuns.resume(files, in, Clock.systemUTC().instant()));

        assertThat(r.status()).isEqualTo(RunResult.Status.STOPPED);
        assertThat(r.failed().id()).isEqualTo("preflight");
        assertThat(tutorial.interrupted()).isTrue();
        assertThat(tutorial.quit()).isFalse();
    }
}
