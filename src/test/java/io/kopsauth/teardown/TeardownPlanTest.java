package io.kopsauth.teardown;

import static org.assertj.core.api.Assertions.assertThat;

import io.kopsauth.Home;
import io.kopsauth.aws.IamRoles;
import io.kopsauth.fakes.FakeCluster;
import io.kopsauth.fakes.InMemoryIamRoles;
import io.kopsauth.fakes.InMemoryStateBuckets;
import io.kopsauth.kops.KopsVersion;
import io.kopsauth.kube.KubeconfigFiles;
import io.kopsauth.preflight.Preflight;
import io.kopsauth.render.AuthInputs;
import io.kopsauth.render.FreemarkerArtifacts;
import io.kopsauth.render.MappingMode;
import io.kopsauth.setup.S3JournalMirror;
import io.kopsauth.setup.SetupInputs;
import io.kopsauth.setup.SetupPorts;
import io.kopsauth.setup.SetupRuns;
import io.kopsauth.workflow.FileJournal;
import io.kopsauth.workflow.Journal;
import io.kopsauth.workflow.PlanRunner;
import io.kopsauth.workflow.RunListener;
import io.kopsauth.workflow.RunResult;
import io.kopsauth.workflow.RunState;
import io.kopsauth.workflow.Step;
import io.kopsauth.workflow.StepOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Setup then teardown against stateful fakes: order, partial states, keep decisions, role tags, --force, resume. */
class TeardownPlanTest {
    static final String ACCOUNT = "111122223333";
    static final String OTHER_KUBECONFIG = """
            apiVersion: v1
            clusters:
            - cluster:
                server: https://other.example.com
                certificate-authority-data: Q0E=
              name: other
            contexts:
            - context:
                cluster: other
                user: sso
                namespace: dev # a comment that must survive (snakeyaml re-emits one space before it)
              name: other
            current-context: other
            kind: Config
            preferences:
              colors: true
            users:
            - name: sso
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1beta1
                  command: aws
                  args: ["eks", "get-token", "--cluster-name", "prod"]
                  env: null
                  interactiveMode: IfAvailable
            extensions:
            - name: my-extension
              extension: {answer: 42}
            """;

    @TempDir
    Path dir;
    Path root;
    Home home;
    InMemoryStateBuckets buckets;
    InMemoryIamRoles roles;
    FakeCluster cluster;
    FileJournal files;
    Preflight.Report preflight = new Preflight.Report(List.of(), KopsVersion.of(1, 36, 2), Path.of("/usr/bin/kops"),
            new Preflight.Caller(ACCOUNT, "arn:aws:iam::" + ACCOUNT + ":user/alice"), "us-west-1");

    @BeforeEach
    void world() throws Exception {
        world("first");
    }

    void world(String name) throws Exception {
        root = dir.resolve(name);
        home = new Home(root.resolve("kopsauth"), root.resolve("home"));
        buckets = new InMemoryStateBuckets();
        roles = new InMemoryIamRoles(ACCOUNT);
        cluster = new FakeCluster();
        files = new FileJournal(home.clusters());
        Files.createDirectories(kubeconfig().getParent());
        Files.writeString(kubeconfig(), OTHER_KUBECONFIG);
    }

    Path kubeconfig() {
        return root.resolve("home").resolve(".kube").resolve("config");
    }

    SetupInputs inputs(String name, String store, boolean switchContext, boolean updateTrustPolicy) {
        AuthInputs d = AuthInputs.defaults(name).withRegion("us-west-1");
        AuthInputs a = new AuthInputs(d.name(), null, null, d.region(), "dev", d.adminRoleName(), d.adminUsername(), d.adminGroups(),
                List.of(), List.of(), List.of(), List.of(), false, null, null, "aws-iam-authenticator", MappingMode.CONFIGMAP);
        return new SetupInputs(name, a, false, true, List.of("us-west-1a"), store, null, null, null, null, updateTrustPolicy,
                kubeconfig(), switchContext, Map.of("AWS_PROFILE", "dev"), null, Duration.ofMinutes(1));
    }

    SetupPorts ports() {
        return new SetupPorts(() -> preflight, buckets, roles, cluster.kops(), cluster.kubectl(), new KubeconfigFiles(Clock.systemUTC()),
                new FreemarkerArtifacts(null), p -> Optional.of(Path.of("/usr/bin", p)), home::cluster);
    }

    RunResult setup(SetupInputs in, RunListener listener) {
        RunState s = SetupRuns.resume(files, in, Clock.systemUTC().instant());
        try (Journal j = Journal.all(files, new S3JournalMirror(buckets, "tester", ProcessHandle.current().pid(), Clock.systemUTC()))) {
            return PlanRunner.journalingTo(j).sleeper(d -> { }).listener(listener)
                    .run(io.kopsauth.setup.Plans.setup(in, ports(), new Random(7)), s);
        }
    }

    RunResult setup(SetupInputs in) {
        RunResult r = setup(in, new RunListener() { });
        assertThat(r.ok()).as(String.valueOf(r.failure())).isTrue();
        return r;
    }

    RunState journal(String name) {
        return files.load(name).orElseThrow();
    }

    Preview preview(String name, TeardownInputs t) {
        RunState s = journal(name);
        return Preview.of(Plans.teardown(TeardownInputs.setupInputs(s), ports(), t), s, Clock.systemUTC());
    }

    RunResult teardown(String name, TeardownInputs t, boolean force, RunListener listener) {
        RunState s = journal(name);
        PlanRunner runner = PlanRunner.journalingTo(files).sleeper(d -> { }).listener(listener);
        if (force) runner = runner.keepGoing();
        return runner.run(Plans.teardown(TeardownInputs.setupInputs(s), ports(), t), s);
    }

    RunResult teardown(String name) {
        return teardown(name, new TeardownInputs(false, false), false, new RunListener() { });
    }

    static List<String> words(Preview p) {
        return p.resources().stream().map(d -> d.verdict() + " " + d.kind() + " " + d.id()).toList();
    }

    void assertNothingLeftFrom(String name) throws Exception {
        assertThat(buckets.buckets).as("buckets").doesNotContainKey(name);
        assertThat(roles.roles).as("roles").isEmpty();
        assertThat(cluster.specs).as("clusters").doesNotContainKey(name);
        assertThat(Files.readString(kubeconfig())).as("kubeconfig").isEqualTo(OTHER_KUBECONFIG);
        assertThat(home.cluster(name).resolve("admin.kubeconfig")).doesNotExist();
    }

    @Test
    void afterAFullSetupEverythingGoesInOrderAndTheKubeconfigIsByteForByteWhatItWas() throws Exception {
        setup(inputs("full.k8s.local", null, true, false));
        assertThat(Files.readString(kubeconfig())).contains("current-context: kopsauth-full.k8s.local");

        Preview p = preview("full.k8s.local", new TeardownInputs(false, false));

        assertThat(words(p)).containsExactly(
                "DELETE kubeconfig-entries " + kubeconfig() + "#kopsauth-full.k8s.local",
                "DELETE configmap kube-system/aws-iam-authenticator",
                "DELETE s3-object s3://full.k8s.local/full.k8s.local/kopsauth/journal.json",
                "DELETE kops-cluster full.k8s.local",
                "DELETE iam-role KubernetesAdmin",
                "DELETE s3-bucket full.k8s.local",
                "DELETE admin-kubeconfig " + home.cluster("full.k8s.local").resolve("admin.kubeconfig"));
        assertThat(p.resources().get(0).reason()).contains("current-context goes back to 'other'");

        RunResult r = teardown("full.k8s.local");

        assertThat(r.ok()).as(String.valueOf(r.failure())).isTrue();
        assertThat(r.steps()).extracting(e -> e.step().id() + "=" + e.outcome().status().word()).containsExactly(
                "remove-kubeconfig-entries=applied", "delete-mapping=applied", "remove-journal-copy=applied",
                "delete-cluster=applied", "delete-admin-role=applied", "delete-state-bucket=applied", "remove-admin-kubeconfig=applied");
        assertThat(cluster.deletedObjects).containsExactly("configmap kube-system/aws-iam-authenticator");
        assertThat(cluster.deletes).isEqualTo(1);
        assertNothingLeftFrom("full.k8s.local");
        assertThat(journal("full.k8s.local").resources()).isEmpty();
    }

    @Test
    void aReRunFindsEverythingAlreadyGone() throws Exception {
        setup(inputs("twice.k8s.local", null, false, false));
        assertThat(teardown("twice.k8s.local").ok()).isTrue();

        RunResult again = teardown("twice.k8s.local");

        assertThat(again.ok()).isTrue();
        assertThat(again.steps()).allMatch(e -> e.outcome().status() == StepOutcome.Status.ALREADY_DONE);
        assertThat(cluster.deletes).isEqualTo(1);
    }

    @Test
    void afterSetupStoppedAtEveryStepTeardownLeavesNothingBehind() throws Exception {
        List<String> ids = io.kopsauth.setup.Plans.setup(inputs("x.k8s.local", null, false, false), ports(), new Random(7))
                .steps().stream().map(Step::id).toList();
        for (String killAfter : ids) {
            world(killAfter);
            String name = "k-" + killAfter + ".k8s.local";
            RunListener killer = new RunListener() {
                @Override
                public void stepFinished(Step step, StepOutcome outcome) {
                    if (step.id().equals(killAfter)) throw new FakeCluster.Killed(killAfter);
                }
            };
            try {
                setup(inputs(name, null, true, false), killer);
            } catch (RuntimeException expected) {
                // the "process" died
            }
            if (files.load(name).isEmpty()) {
                assertThat(killAfter).as("only preflight runs before the name is journaled").isEqualTo("preflight");
                continue;
            }

            RunResult r = teardown(name);

            assertThat(r.ok()).as("teardown after " + killAfter + ": " + r.failure()).isTrue();
            assertNothingLeftFrom(name);
            assertThat(buckets.buckets).as("after " + killAfter).isEmpty();
        }
    }

    @Test
    void aTeardownStoppedAfterAnyStepContinuesOnTheReRun() throws Exception {
        List<String> ids = Plans.teardown(inputs("x.k8s.local", null, false, false), ports(), new TeardownInputs(false, false))
                .steps().stream().map(Step::id).toList();
        for (String killAfter : ids) {
            world("td-" + killAfter);
            setup(inputs("r.k8s.local", null, true, false));
            RunListener killer = new RunListener() {
                @Override
                public void stepFinished(Step step, StepOutcome outcome) {
                    if (step.id().equals(killAfter)) throw new FakeCluster.Killed(killAfter);
                }
            };
            try {
                teardown("r.k8s.local", new TeardownInputs(false, false), false, killer);
            } catch (RuntimeException expected) {
                // the "process" died
            }

            RunResult r = teardown("r.k8s.local");

            assertThat(r.ok()).as("after " + killAfter + ": " + r.failure()).isTrue();
            assertNothingLeftFrom("r.k8s.local");
            assertThat(cluster.deletes).isEqualTo(1);
        }
    }

    @Test
    void resourcesRemovedByHandCountAsGone() throws Exception {
        setup(inputs("hand.k8s.local", null, false, false));
        roles.roles.clear();
        cluster.specs.clear();
        cluster.up = false;

        Preview p = preview("hand.k8s.local", new TeardownInputs(false, false));

        assertThat(words(p)).contains("GONE iam-role KubernetesAdmin", "GONE kops-cluster hand.k8s.local",
                "GONE configmap kube-system/aws-iam-authenticator");
        assertThat(teardown("hand.k8s.local").ok()).isTrue();
        assertNothingLeftFrom("hand.k8s.local");
    }

    @Test
    void aForeignRoleAndAForeignBucketAreKeptAndTheRoleGetsItsTrustPolicyBack() throws Exception {
        String foreignPolicy = "{\"Version\":\"2012-10-17\",\"Statement\":[]}";
        roles.roles.put("KubernetesAdmin", new IamRoles.Role("KubernetesAdmin", "arn:aws:iam::" + ACCOUNT + ":role/KubernetesAdmin",
                foreignPolicy, Map.of("team", "platform")));
        buckets.create("shared-state", "us-west-1");
        setup(inputs("f.k8s.local", "s3://shared-state", false, true));
        assertThat(roles.roles.get("KubernetesAdmin").tags()).containsEntry("kopsauth:clusters", "f.k8s.local");

        Preview p = preview("f.k8s.local", new TeardownInputs(false, false));

        assertThat(p.resources()).filteredOn(d -> d.kind().equals("iam-role")).singleElement().satisfies(d -> {
            assertThat(d.verdict()).isEqualTo(Disposition.Verdict.UNTAG);
            assertThat(d.reason()).startsWith("not created by kopsauth").contains("previous trust policy comes back");
        });
        assertThat(p.resources()).filteredOn(d -> d.kind().equals("s3-bucket")).singleElement().satisfies(d -> {
            assertThat(d.verdict()).isEqualTo(Disposition.Verdict.KEEP);
            assertThat(d.reason()).isEqualTo("not created by kopsauth (it existed before setup)");
        });

        assertThat(teardown("f.k8s.local").ok()).isTrue();

        assertThat(roles.roles.get("KubernetesAdmin")).isEqualTo(new IamRoles.Role("KubernetesAdmin",
                "arn:aws:iam::" + ACCOUNT + ":role/KubernetesAdmin", foreignPolicy, Map.of("team", "platform")));
        assertThat(buckets.buckets).containsOnlyKeys("shared-state");
        assertThat(buckets.buckets.get("shared-state").objects).as("the journal's copy and lock are gone").isEmpty();
        assertThat(cluster.specs).isEmpty();
    }

    @Test
    void aRoleSharedByTwoClustersStaysUntilTheLastOneGoes() throws Exception {
        setup(inputs("a.k8s.local", null, false, false));
        setup(inputs("b.k8s.local", null, false, false));
        assertThat(roles.roles.get("KubernetesAdmin").tags()).containsEntry("kopsauth:clusters", "a.k8s.local b.k8s.local");

        Preview p = preview("a.k8s.local", new TeardownInputs(false, false));
        assertThat(p.resources()).filteredOn(d -> d.kind().equals("iam-role")).singleElement().satisfies(d -> {
            assertThat(d.verdict()).isEqualTo(Disposition.Verdict.UNTAG);
            assertThat(d.reason()).isEqualTo("still used by kopsauth cluster b.k8s.local; this cluster leaves its kopsauth:clusters tag");
        });
        assertThat(teardown("a.k8s.local").ok()).isTrue();
        assertThat(roles.roles.get("KubernetesAdmin").tags()).containsEntry("kopsauth:clusters", "b.k8s.local");
        assertThat(buckets.buckets).containsOnlyKeys("b.k8s.local");

        assertThat(preview("b.k8s.local", new TeardownInputs(false, false)).resources())
                .filteredOn(d -> d.kind().equals("iam-role")).extracting(Disposition::verdict).containsExactly(Disposition.Verdict.DELETE);
        assertThat(teardown("b.k8s.local").ok()).isTrue();
        assertThat(roles.roles).isEmpty();
    }

    @Test
    void aBucketKopsauthCreatedIsKeptWhileItHoldsAnotherClustersState() throws Exception {
        setup(inputs("a.k8s.local", null, false, false));
        setup(inputs("b.k8s.local", "s3://a.k8s.local", false, false));

        Preview p = preview("a.k8s.local", new TeardownInputs(false, false));

        assertThat(p.resources()).filteredOn(d -> d.kind().equals("s3-bucket")).singleElement().satisfies(d -> {
            assertThat(d.verdict()).isEqualTo(Disposition.Verdict.KEEP);
            assertThat(d.reason()).startsWith("it also holds b.k8s.local/");
        });
        assertThat(teardown("a.k8s.local").ok()).isTrue();
        assertThat(buckets.buckets).containsKey("a.k8s.local");
        assertThat(buckets.buckets.get("a.k8s.local").objects).containsKey("b.k8s.local/kopsauth/journal.json")
                .doesNotContainKey("a.k8s.local/kopsauth/journal.json");
    }

    @Test
    void theRoleLosesItsPoliciesAndInstanceProfilesBeforeItIsDeleted() throws Exception {
        setup(inputs("p.k8s.local", null, false, false));
        roles.attached.put("KubernetesAdmin", new java.util.LinkedHashSet<>(Set.of("arn:aws:iam::aws:policy/ReadOnlyAccess")));
        roles.inline.put("KubernetesAdmin", new java.util.LinkedHashSet<>(Set.of("extra")));
        roles.profiles.put("KubernetesAdmin", new java.util.LinkedHashSet<>(Set.of("admin-profile")));

        assertThat(teardown("p.k8s.local").ok()).isTrue();

        assertThat(roles.roles).isEmpty();
        assertThat(roles.attached.get("KubernetesAdmin")).isEmpty();
        assertThat(roles.inline.get("KubernetesAdmin")).isEmpty();
        assertThat(roles.profiles.get("KubernetesAdmin")).isEmpty();
    }

    @Test
    void keepBucketAndKeepRoleKeepThemButTheRoleStillLosesThisClustersTag() throws Exception {
        setup(inputs("keep.k8s.local", null, false, false));

        Preview p = preview("keep.k8s.local", new TeardownInputs(true, true));

        assertThat(p.resources()).filteredOn(d -> d.kind().equals("s3-bucket")).singleElement()
                .satisfies(d -> assertThat(d.reason()).isEqualTo("--keep-bucket"));
        assertThat(p.resources()).filteredOn(d -> d.kind().equals("iam-role")).singleElement()
                .satisfies(d -> assertThat(d.reason()).startsWith("--keep-role"));
        assertThat(teardown("keep.k8s.local", new TeardownInputs(true, true), false, new RunListener() { }).ok()).isTrue();
        assertThat(buckets.buckets).containsOnlyKeys("keep.k8s.local");
        assertThat(buckets.buckets.get("keep.k8s.local").objects).doesNotContainKey("keep.k8s.local/kopsauth/journal.json");
        assertThat(roles.roles.get("KubernetesAdmin").tags()).doesNotContainKey("kopsauth:clusters").containsKey("kopsauth:managed-by");
        assertThat(cluster.specs).isEmpty();
    }

    @Test
    void withForceAFailingStepDoesNotStopTheOthersAndEveryFailureIsReported() throws Exception {
        setup(inputs("force.k8s.local", null, false, false));
        roles.failDeletes = true;

        RunResult stopped = teardown("force.k8s.local");
        assertThat(stopped.ok()).isFalse();
        assertThat(stopped.failed().id()).isEqualTo("delete-admin-role");
        assertThat(buckets.buckets).as("without --force the run stops at the role").containsKey("force.k8s.local");

        RunResult forced = teardown("force.k8s.local", new TeardownInputs(false, false), true, new RunListener() { });

        assertThat(forced.ok()).isFalse();
        assertThat(forced.failure()).hasMessageContaining("AccessDenied");
        assertThat(forced.steps()).extracting(e -> e.step().id() + "=" + e.outcome().status().word())
                .contains("delete-admin-role=failed", "delete-state-bucket=applied", "remove-admin-kubeconfig=applied");
        assertThat(buckets.buckets).isEmpty();

        roles.failDeletes = false;
        assertThat(teardown("force.k8s.local").ok()).isTrue();
        assertThat(roles.roles).isEmpty();
    }

    @Test
    void archivingMovesTheJournalToHistory() throws Exception {
        setup(inputs("arch.k8s.local", null, false, false));
        RunState s = journal("arch.k8s.local");

        Path to = new TeardownJournals(files).archive(s, java.time.Instant.parse("2026-01-02T03:04:05Z"));

        assertThat(to).isEqualTo(home.cluster("arch.k8s.local").resolve("history").resolve("journal-20260102-030405.json"));
        assertThat(files.load("arch.k8s.local")).isEmpty();
        assertThat(RunState.fromJsonText(Files.readString(to)).status()).isEqualTo(SetupRuns.TORN_DOWN);
    }

    @Test
    void theJournalCanComeFromTheStateStore() throws Exception {
        setup(inputs("remote.k8s.local", null, false, false));

        Optional<RunState> got = TeardownJournals.fromStateStore(buckets, "s3://remote.k8s.local", "remote.k8s.local");

        assertThat(got).get().extracting(s -> s.cluster().orElseThrow()).isEqualTo("remote.k8s.local");
        assertThat(TeardownJournals.fromStateStore(buckets, "s3://remote.k8s.local", "other.k8s.local")).isEmpty();
    }
}
