package io.kopsauth.setup;

import static org.assertj.core.api.Assertions.assertThat;

import io.kopsauth.Home;
import io.kopsauth.aws.IamRoles;
import io.kopsauth.kops.KopsVersion;
import io.kopsauth.preflight.Preflight;
import io.kopsauth.aws.RecordingIamRoles;
import io.kopsauth.aws.RecordingStateBuckets;
import io.kopsauth.cli.CliException;
import io.kopsauth.fakes.FakeCluster;
import io.kopsauth.fakes.InMemoryIamRoles;
import io.kopsauth.fakes.InMemoryStateBuckets;
import io.kopsauth.kops.RecordingKops;
import io.kopsauth.kube.Kubeconfig;
import io.kopsauth.kube.KubeconfigFiles;
import io.kopsauth.kube.RecordingKubeconfigs;
import io.kopsauth.kube.RecordingKubectl;
import io.kopsauth.render.AuthInputs;
import io.kopsauth.render.FreemarkerArtifacts;
import io.kopsauth.render.MappingMode;
import io.kopsauth.workflow.Action;
import io.kopsauth.workflow.FileJournal;
import io.kopsauth.workflow.Journal;
import io.kopsauth.workflow.Plan;
import io.kopsauth.workflow.PlanRunner;
import io.kopsauth.workflow.RunContext;
import io.kopsauth.workflow.RunListener;
import io.kopsauth.workflow.RunResult;
import io.kopsauth.workflow.RunState;
import io.kopsauth.workflow.Step;
import io.kopsauth.workflow.StepOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole setup plan against stateful fakes: first run, re-run, crash-and-resume, modes, conflicts, dry run. */
class SetupPlanTest {
    static final String ACCOUNT = "111122223333";

    @TempDir
    Path dir;
    Home home;
    InMemoryStateBuckets buckets;
    InMemoryIamRoles roles;
    FakeCluster cluster;
    FileJournal files;
    Preflight.Report preflight = new Preflight.Report(List.of(new Preflight.Check("kops", Preflight.Status.OK, "kops 1.36.2", null)),
            KopsVersion.of(1, 36, 2), Path.of("/usr/bin/kops"), new Preflight.Caller(ACCOUNT, "arn:aws:iam::" + ACCOUNT + ":user/alice"),
            "us-west-1");

    Path root;

    @BeforeEach
    void world() {
        world("first");
    }

    void world(String name) {
        root = dir.resolve(name);
        home = new Home(root.resolve("kopsauth"), root.resolve("home"));
        buckets = new InMemoryStateBuckets();
        roles = new InMemoryIamRoles(ACCOUNT);
        cluster = new FakeCluster();
        files = new FileJournal(home.clusters());
    }

    Path kubeconfig() {
        return root.resolve("home").resolve(".kube").resolve("config");
    }

    SetupInputs inputs(String name, MappingMode mode, boolean updateTrustPolicy) {
        AuthInputs d = AuthInputs.defaults(name == null ? "name.to.be.chosen" : name).withRegion("us-west-1");
        AuthInputs a = new AuthInputs(d.name(), null, null, d.region(), "dev", d.adminRoleName(), d.adminUsername(), d.adminGroups(),
                List.of(), List.of(), List.of(), List.of(), false, null, null, "aws-iam-authenticator", mode);
        return new SetupInputs(name, a, false, true, List.of("us-west-1a"), null, null, null, null, null, updateTrustPolicy,
                kubeconfig(), false, Map.of("AWS_PROFILE", "dev"), null, Duration.ofMinutes(1));
    }

    SetupPorts ports() {
        return new SetupPorts(() -> preflight, buckets, roles, cluster.kops(), cluster.kubectl(), new KubeconfigFiles(Clock.systemUTC()),
                new FreemarkerArtifacts(null), p -> Optional.of(Path.of("/usr/bin", p)), home::cluster);
    }

    RunResult run(SetupInputs in, RunListener listener) {
        return run(in, ports(), listener, files(in));
    }

    Journal files(SetupInputs in) {
        return Journal.all(files, new S3JournalMirror(buckets, "tester", ProcessHandle.current().pid(), Clock.systemUTC()));
    }

    RunResult run(SetupInputs in, SetupPorts ports, RunListener listener, Journal journal) {
        RunState s = SetupRuns.resume(files, in, Clock.systemUTC().instant());
        try (journal) {
            return PlanRunner.journalingTo(journal).sleeper(d -> { }).listener(listener).run(Plans.setup(in, ports, new Random(7)), s);
        }
    }

    RunResult run(SetupInputs in) {
        return run(in, new RunListener() { });
    }

    static List<String> statuses(RunResult r) {
        return r.steps().stream().map(e -> e.step().id() + "=" + e.outcome().status().word()).toList();
    }

    String onlyCluster() {
        return cluster.specs.keySet().iterator().next();
    }

    @Test
    void aFirstRunBuildsEverythingOnceAndLogsInThroughIam() throws Exception {
        RunResult r = run(inputs(null, MappingMode.CONFIGMAP, false));

        assertThat(r.ok()).as(String.valueOf(r.failure())).isTrue();
        String name = onlyCluster();
        assertThat(name).matches("authenticator\\.[a-z]{10}\\.k8s\\.local");
        assertThat(buckets.creates).isEqualTo(1);
        assertThat(buckets.buckets.get(name)).satisfies(b -> {
            assertThat(b.versioning).isTrue();
            assertThat(b.encrypted).isTrue();
            assertThat(b.publicAccessBlocked).isTrue();
            assertThat(b.tags).containsEntry("kopsauth:managed-by", "kopsauth").containsEntry("kopsauth:cluster", name);
            assertThat(b.objects).containsKey(name + "/kopsauth/journal.json").doesNotContainKey(name + "/kopsauth/lock.json");
        });
        assertThat(cluster.creates).isEqualTo(1);
        assertThat(roles.creates).isEqualTo(1);
        assertThat(roles.roles.get("KubernetesAdmin").tags()).containsEntry("kopsauth:clusters", name);
        assertThat(cluster.specs.get(name)).contains("rbac: {}").contains("aws: {}");
        assertThat(cluster.podRestartedWithConfigMap).isTrue();
        assertThat(String.valueOf(cluster.configMapData)).contains("clusterID: \"" + name + "\"")
                .contains("arn:aws:iam::" + ACCOUNT + ":role/KubernetesAdmin");

        Kubeconfig kc = new KubeconfigFiles(Clock.systemUTC()).read(kubeconfig());
        String entry = "kopsauth-" + name;
        assertThat(kc.get(Kubeconfig.Kind.CONTEXTS, entry)).contains(Map.of("cluster", entry, "user", entry));
        assertThat(kc.get(Kubeconfig.Kind.CLUSTERS, entry)).get().satisfies(c ->
                assertThat(c).containsEntry("server", "https://127.0.0.1:6443/clusters/" + name));
        assertThat(kc.get(Kubeconfig.Kind.USERS, entry).orElseThrow().toString())
                .contains("command=aws-iam-authenticator").contains("-i, " + name).contains("AWS_PROFILE")
                .doesNotContain("admin-secret");
        assertThat(kc.currentContext()).as("current-context is left alone").isEmpty();
        assertThat(Files.getPosixFilePermissions(kubeconfig())).isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

        RunState journal = files.load(name).orElseThrow();
        assertThat(journal.status()).isEqualTo("succeeded");
        assertThat(journal.value("whoami")).contains("kubernetes-admin (system:masters, system:authenticated)");
        assertThat(journal.resources()).extracting(res -> res.kind() + ":" + res.created()).containsExactlyInAnyOrder(
                "s3-bucket:true", "kops-cluster:true", "iam-role:true", "admin-kubeconfig:true", "configmap:true",
                "kubeconfig-entries:true");
        assertThat(journal.resources(ResourceKinds.KUBECONFIG_ENTRIES).get(0).details()).containsEntry("previousCurrentContext", "");
    }

    @Test
    void aSecondRunFindsEverythingDoneAndReusesTheRandomName() {
        run(inputs(null, MappingMode.CONFIGMAP, false));
        String name = onlyCluster();

        RunResult again = run(inputs(null, MappingMode.CONFIGMAP, false));

        assertThat(again.ok()).isTrue();
        assertThat(cluster.specs).containsOnlyKeys(name);
        // (steps of one stage may finish in either order)
        assertThat(statuses(again)).containsExactlyInAnyOrder("preflight=applied", "choose-name=already-done",
                "create-state-bucket=already-done", "create-cluster=already-done", "create-admin-role=already-done",
                "configure-cluster-auth=already-done", "update-cluster=already-done", "apply-mapping=already-done",
                "add-kubeconfig-user=already-done", "validate=applied");
        assertThat(buckets.creates + cluster.creates + roles.creates).isEqualTo(3);
        assertThat(cluster.updates).isEqualTo(1);
        assertThat(files.load(name).orElseThrow().resources()).hasSize(6);
    }

    @Test
    void killedAfterAnyStepAReRunCompletesWithoutDuplicates() {
        List<String> ids = Plans.setup(inputs(null, MappingMode.CONFIGMAP, false), ports(), new Random(7)).steps().stream()
                .map(Step::id).toList();
        for (String killAfter : ids) {
            world(killAfter);
            RunListener killer = new RunListener() {
                @Override
                public void stepFinished(Step step, StepOutcome outcome) {
                    if (step.id().equals(killAfter)) throw new FakeCluster.Killed(killAfter);
                }
            };
            try {
                run(inputs(null, MappingMode.CONFIGMAP, false), ports(), killer, Journal.all(files,
                        new S3JournalMirror(buckets, "tester", ProcessHandle.current().pid(), Clock.systemUTC())));
            } catch (RuntimeException expected) {
                // the "process" died
            }

            RunResult r = run(inputs(null, MappingMode.CONFIGMAP, false));

            assertThat(r.ok()).as("resume after " + killAfter + ": " + r.failure()).isTrue();
            assertThat(cluster.specs).as("after " + killAfter).hasSize(1);
            assertThat(buckets.creates + cluster.creates + roles.creates).as("after " + killAfter).isEqualTo(3);
            RunState j = files.load(onlyCluster()).orElseThrow();
            assertThat(j.resources()).as("after " + killAfter).hasSize(6).allMatch(res -> res.created());
        }
    }

    @Test
    void killedRightAfterKopsCreatedTheClusterTheReRunKnowsItIsOurs() {
        cluster.crashAfter = "create";
        assertThat(run(inputs("demo.k8s.local", MappingMode.CONFIGMAP, false)).ok()).isFalse();

        RunResult r = run(inputs("demo.k8s.local", MappingMode.CONFIGMAP, false));

        assertThat(r.ok()).isTrue();
        assertThat(cluster.creates).isEqualTo(1);
        assertThat(files.load("demo.k8s.local").orElseThrow().resource(ResourceKinds.KOPS_CLUSTER, "demo.k8s.local"))
                .get().extracting(res -> res.created()).isEqualTo(true);
    }

    @Test
    void crdModePutsTheMappingsInTheSpecAndAppliesNoConfigMap() {
        RunResult r = run(inputs("crd.k8s.local", MappingMode.CRD, false));

        assertThat(r.ok()).as(String.valueOf(r.failure())).isTrue();
        assertThat(cluster.specs.get("crd.k8s.local")).contains("backendMode: CRD").contains("clusterID: crd.k8s.local")
                .contains("arn: arn:aws:iam::" + ACCOUNT + ":role/KubernetesAdmin");
        assertThat(cluster.configMapData).isNull();
    }

    @Test
    void autoModePicksCrdOnAKopsThatSupportsIt() {
        RunResult r = run(inputs("auto.k8s.local", MappingMode.AUTO, false));

        assertThat(r.ok()).isTrue();
        assertThat(files.load("auto.k8s.local").orElseThrow().value("mappingMode")).contains("crd");
    }

    @Test
    void aRoleWithAnotherTrustPolicyStopsWithADiffUnlessAskedToUpdate() {
        roles.roles.put("KubernetesAdmin", new IamRoles.Role("KubernetesAdmin", "arn:aws:iam::" + ACCOUNT + ":role/KubernetesAdmin",
                "{\"Version\":\"2012-10-17\",\"Statement\":[]}", Map.of()));

        RunResult stopped = run(inputs("t.k8s.local", MappingMode.CONFIGMAP, false));

        assertThat(stopped.failed().id()).isEqualTo("create-admin-role");
        assertThat(stopped.failure()).isInstanceOf(CliException.class).hasMessageContaining("different trust policy")
                .hasMessageContaining("\n-   \"Statement\": []\n").hasMessageContaining("\"Action\": \"sts:AssumeRole\"");
        assertThat(((CliException) stopped.failure()).hints()).anyMatch(h -> h.contains("--update-trust-policy"));

        RunResult updated = run(inputs("t.k8s.local", MappingMode.CONFIGMAP, true));

        assertThat(updated.ok()).isTrue();
        assertThat(roles.roles.get("KubernetesAdmin").trustPolicy()).contains("sts:AssumeRole");
        assertThat(files.load("t.k8s.local").orElseThrow().resource(ResourceKinds.IAM_ROLE, "KubernetesAdmin")).get()
                .satisfies(res -> {
                    assertThat(res.created()).isFalse();
                    assertThat(res.details()).containsKey("previousTrustPolicy");
                });
    }

    @Test
    void aBucketOwnedBySomeoneElseStopsBeforeAnythingIsCreated() {
        buckets.foreign.add("taken.k8s.local");

        RunResult r = run(inputs("taken.k8s.local", MappingMode.CONFIGMAP, false));

        assertThat(r.failed().id()).isEqualTo("create-state-bucket");
        assertThat(r.failure()).hasMessageContaining("belongs to another AWS account");
        assertThat(cluster.creates + roles.creates + buckets.creates).isZero();
    }

    @Test
    void aLockHeldByALiveRunElsewhereStopsTheRun() {
        run(inputs("locked.k8s.local", MappingMode.CONFIGMAP, false));
        buckets.buckets.get("locked.k8s.local").objects.put("locked.k8s.local/kopsauth/lock.json",
                "{\"owner\":\"bob\",\"host\":\"elsewhere\",\"pid\":1,\"since\":\"2026-01-01T00:00:00Z\"}");

        RunResult r = run(inputs("locked.k8s.local", MappingMode.CONFIGMAP, false));

        assertThat(r.ok()).isFalse();
        assertThat(r.failure()).hasMessageContaining("held by bob on elsewhere (pid 1) since 2026-01-01T00:00:00Z");
    }

    @Test
    void aDryRunShowsEveryChangeAndMakesNone() {
        List<Action> actions = new ArrayList<>();
        SetupPorts real = ports();
        SetupPorts recording = new SetupPorts(real.preflight(), new RecordingStateBuckets(buckets, actions::add),
                new RecordingIamRoles(roles, actions::add, () -> ACCOUNT), new RecordingKops(real.kops(), actions::add),
                new RecordingKubectl(real.kubectl(), actions::add), new RecordingKubeconfigs(real.kubeconfigs(), actions::add),
                real.artifacts(), real.which(), real.clusterDir());
        SetupInputs in = inputs("dry.k8s.local", MappingMode.CONFIGMAP, false);

        RunState s = SetupRuns.resume(files, in, Clock.systemUTC().instant());
        Plan plan = Plans.setup(in, recording, new Random(7));
        RunResult r = PlanRunner.journalingTo(Journal.NONE).sequential().sleeper(d -> { }).run(plan, s);

        assertThat(r.ok()).as(String.valueOf(r.failure())).isTrue();
        assertThat(buckets.buckets).isEmpty();
        assertThat(roles.roles).isEmpty();
        assertThat(cluster.specs).isEmpty();
        assertThat(kubeconfig()).doesNotExist();
        assertThat(home.root()).doesNotExist();
        assertThat(actions).extracting(Action::text).anyMatch(t -> t.startsWith("aws s3api create-bucket --bucket dry.k8s.local --region us-west-1"))
                .anyMatch(t -> t.startsWith("kops create cluster --name dry.k8s.local --zones us-west-1a --state s3://dry.k8s.local"))
                .anyMatch(t -> t.startsWith("aws iam create-role --role-name KubernetesAdmin"))
                .anyMatch(t -> t.equals("kops replace -f - --state s3://dry.k8s.local"))
                .anyMatch(t -> t.startsWith("kops update cluster --name dry.k8s.local"))
                .anyMatch(t -> t.contains("apply -f -"))
                .anyMatch(t -> t.startsWith("edit (lock, backup, atomic replace, mode 0600) " + kubeconfig()));
    }

    /** Runs every step's undo in reverse plan order, as teardown will. */
    void undoAll(SetupInputs in, RunState s) throws Exception {
        RunContext ctx = new RunContext() {
            @Override
            public RunState state() {
                return s;
            }

            @Override
            public void note(String text) {
            }

            @Override
            public void checkpoint() {
            }

            @Override
            public Clock clock() {
                return Clock.systemUTC();
            }

            @Override
            public void sleep(Duration d) {
            }
        };
        List<Step> steps = new ArrayList<>(Plans.setup(in, ports(), new Random(7)).steps());
        java.util.Collections.reverse(steps);
        for (Step step : steps) step.undo(ctx);
    }

    @Test
    void undoingEveryStepRemovesExactlyWhatSetupCreated() throws Exception {
        Files.createDirectories(kubeconfig().getParent());
        String mine = "apiVersion: v1\nclusters: []\ncontexts:\n- context:\n    cluster: other\n    user: other\n  name: other\n"
                + "current-context: other\nkind: Config\npreferences: {}\nusers: []\n";
        Files.writeString(kubeconfig(), mine);
        SetupInputs in = new SetupInputs("u.k8s.local", inputs("u.k8s.local", MappingMode.CONFIGMAP, false).auth(), false, true,
                List.of("us-west-1a"), null, null, null, null, null, false, kubeconfig(), true, Map.of(), null, Duration.ofMinutes(1));
        assertThat(run(in).ok()).isTrue();
        assertThat(new KubeconfigFiles(Clock.systemUTC()).read(kubeconfig()).currentContext()).contains("kopsauth-u.k8s.local");
        RunState s = files.load("u.k8s.local").orElseThrow();

        undoAll(in, s);

        assertThat(buckets.buckets).isEmpty();
        assertThat(roles.roles).isEmpty();
        assertThat(cluster.specs).isEmpty();
        assertThat(home.cluster("u.k8s.local").resolve("admin.kubeconfig")).doesNotExist();
        assertThat(Files.readString(kubeconfig())).isEqualTo(mine);
        assertThat(s.resources()).isEmpty();
    }

    @Test
    void undoKeepsWhatWasReusedAndARoleAnotherClusterStillUses() throws Exception {
        buckets.create("shared-state", "us-west-1");
        SetupInputs a = new SetupInputs("a.k8s.local", inputs("a.k8s.local", MappingMode.CONFIGMAP, false).auth(), false, true,
                List.of("us-west-1a"), "s3://shared-state", null, null, null, null, false, kubeconfig(), false, Map.of(), null,
                Duration.ofMinutes(1));
        SetupInputs b = new SetupInputs("b.k8s.local", inputs("b.k8s.local", MappingMode.CONFIGMAP, false).auth(), false, true,
                List.of("us-west-1a"), "s3://shared-state", null, null, null, null, false, kubeconfig(), false, Map.of(), null,
                Duration.ofMinutes(1));
        assertThat(run(a).ok()).isTrue();
        assertThat(run(b).ok()).isTrue();
        assertThat(roles.roles.get("KubernetesAdmin").tags()).containsEntry("kopsauth:clusters", "a.k8s.local b.k8s.local");

        undoAll(a, files.load("a.k8s.local").orElseThrow());

        assertThat(buckets.buckets).as("a bucket setup did not create stays").containsKey("shared-state");
        assertThat(roles.roles.get("KubernetesAdmin").tags()).containsEntry("kopsauth:clusters", "b.k8s.local");
        assertThat(cluster.specs).containsOnlyKeys("b.k8s.local");

        undoAll(b, files.load("b.k8s.local").orElseThrow());

        assertThat(roles.roles).isEmpty();
    }

    @Test
    void aFailedDoctorCheckStopsWithExitCode3BeforeAnythingIsCreated() {
        preflight = new Preflight.Report(List.of(new Preflight.Check("kubectl", Preflight.Status.FAIL, "not found on PATH",
                "install kubectl")), KopsVersion.of(1, 36, 2), null, null, "us-west-1");

        RunResult r = run(inputs("p.k8s.local", MappingMode.CONFIGMAP, false));

        assertThat(r.failed().id()).isEqualTo("preflight");
        assertThat(r.failure()).hasMessageContaining("kubectl: not found on PATH");
        assertThat(((CliException) r.failure()).exitCode()).isEqualTo(3);
        assertThat(((CliException) r.failure()).hints()).containsExactly("install kubectl");
        assertThat(home.root()).doesNotExist();
    }

    @Test
    void crdOnKops1360IsRefusedAtPreflight() {
        preflight = new Preflight.Report(List.of(), KopsVersion.of(1, 36, 0), null,
                new Preflight.Caller(ACCOUNT, "arn:aws:iam::" + ACCOUNT + ":user/alice"), "us-west-1");

        RunResult r = run(inputs("p.k8s.local", MappingMode.CRD, false));

        assertThat(r.failure()).hasMessageContaining("kops 1.36.0 drops identityMappings");
        assertThat(((CliException) r.failure()).exitCode()).isEqualTo(3);
    }

    @Test
    void autoOnKops1360FallsBackToTheConfigMap() {
        preflight = new Preflight.Report(List.of(), KopsVersion.of(1, 36, 0), null,
                new Preflight.Caller(ACCOUNT, "arn:aws:iam::" + ACCOUNT + ":user/alice"), "us-west-1");

        assertThat(run(inputs("p.k8s.local", MappingMode.AUTO, false)).ok()).isTrue();
        assertThat(files.load("p.k8s.local").orElseThrow().value("mappingMode")).contains("configmap");
    }

    /** setup with no --exec-plugin on a PATH that holds only {@code onPath}: the exec user's command. */
    String defaultExecCommand(Set<String> onPath, String externalId) {
        SetupInputs base = inputs("plugin.k8s.local", MappingMode.CONFIGMAP, false);
        AuthInputs a = base.auth();
        AuthInputs auth = new AuthInputs(a.name(), null, null, a.region(), a.profile(), a.adminRoleName(), a.adminUsername(),
                a.adminGroups(), List.of(), List.of(), List.of(), List.of(), false, null, externalId, "aws-iam-authenticator",
                MappingMode.CONFIGMAP);
        SetupInputs in = new SetupInputs(base.name(), auth, false, false, base.zones(), null, null, null, null, null, false,
                kubeconfig(), false, Map.of(), Path.of("/opt/kopsauth/scripts/kopsauth"), Duration.ofMinutes(1));
        SetupPorts real = ports();
        SetupPorts ports = new SetupPorts(real.preflight(), real.buckets(), real.roles(), real.kops(), real.kubectl(),
                real.kubeconfigs(), real.artifacts(), p -> onPath.contains(p) ? Optional.of(Path.of("/usr/bin", p)) : Optional.empty(),
                real.clusterDir());
        RunResult r = run(in, ports, new RunListener() { }, files(in));
        assertThat(r.ok()).as(String.valueOf(r.failure())).isTrue();
        Object exec = new KubeconfigFiles(Clock.systemUTC()).read(kubeconfig())
                .get(Kubeconfig.Kind.USERS, "kopsauth-plugin.k8s.local").orElseThrow().get("exec");
        return String.valueOf(((Map<?, ?>) exec).get("command"));
    }

    @Test
    void withoutAnExecPluginChoiceItTakesTheAuthenticatorThenTheAwsCliThenItself() {
        assertThat(defaultExecCommand(Set.of("aws-iam-authenticator", "aws"), null)).isEqualTo("aws-iam-authenticator");
        world("aws");
        assertThat(defaultExecCommand(Set.of("aws"), null)).isEqualTo("aws");
        world("none");
        assertThat(defaultExecCommand(Set.of(), null)).isEqualTo("/opt/kopsauth/scripts/kopsauth");
        world("external-id");
        assertThat(defaultExecCommand(Set.of("aws"), "ext-1")).as("aws eks get-token cannot pass an external ID")
                .isEqualTo("/opt/kopsauth/scripts/kopsauth");
    }

    @Test
    void zonesOutsideTheRegionAreBadInput() {
        SetupInputs base = inputs("z.k8s.local", MappingMode.CONFIGMAP, false);
        SetupInputs in = new SetupInputs(base.name(), base.auth(), false, true, List.of("eu-west-1a"), null, null, null, null, null,
                false, kubeconfig(), false, Map.of(), null, Duration.ofMinutes(1));

        RunResult r = run(in);

        assertThat(r.failure()).hasMessageContaining("zone 'eu-west-1a' is not in region us-west-1");
        assertThat(((CliException) r.failure()).exitCode()).isEqualTo(2);
    }
}
