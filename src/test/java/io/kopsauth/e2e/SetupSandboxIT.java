package io.kopsauth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.kopsauth.json.Json;
import io.kopsauth.support.FreshShell;
import io.kopsauth.support.FreshShell.Run;
import io.kopsauth.workflow.FileJournal;
import io.kopsauth.workflow.RunState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code kopsauth setup --sandbox} end to end: the real launcher, the sandbox's AWS emulator, kops simulator and
 * Kubernetes API simulator, and the real kubectl authenticating through IAM from a fresh environment.
 */
class SetupSandboxIT {
    static Path dir;
    static final List<String> STEPS = List.of("preflight", "choose-name", "create-state-bucket", "create-cluster",
            "create-admin-role", "configure-cluster-auth", "update-cluster", "apply-mapping", "add-kubeconfig-user", "validate");

    static FreshShell shell;

    @BeforeAll
    static void sandboxUp() throws Exception {
        shell = FreshShell.create("kopsauth-setup-it", Map.of());
        dir = shell.dir();
        Run up = kopsauth(Map.of(), "sandbox", "up", "--boot-seconds", "2");
        assertThat(up.code()).as(up.err()).isZero();
    }

    @AfterAll
    static void sandboxDown() throws Exception {
        if (shell != null) shell.close();
    }

    static Run exec(Map<String, String> extraEnv, List<String> argv) throws IOException, InterruptedException {
        return shell.exec(extraEnv, null, argv);
    }

    static Run kopsauth(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return shell.kopsauth(env, null, args);
    }

    static Path kubeconfig() {
        return dir.resolve("home").resolve(".kube").resolve("config");
    }

    /** The real kubectl, from a fresh environment, through the kopsauth context (that is, through IAM). */
    static Run kubectl(String cluster, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig().toString(), "--context", "kopsauth-" + cluster));
        argv.addAll(List.of(args));
        return exec(Map.of(), argv);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> sandboxStatus() throws Exception {
        Run r = kopsauth(Map.of(), "sandbox", "status", "-o", "json");
        assertThat(r.code()).as(r.err()).isZero();
        return Json.parseObject(r.out());
    }

    /** Names of what the sandbox holds: "buckets" and "roles" (AWS emulator), "clusters" (Kubernetes simulator). */
    @SuppressWarnings("unchecked")
    static List<String> names(String what) throws Exception {
        Map<String, Object> status = sandboxStatus();
        Map<String, Object> holder = what.equals("clusters")
                ? (Map<String, Object>) ((Map<String, Object>) status.get("components")).get("kube")
                : (Map<String, Object>) status.get("aws");
        String key = what.equals("roles") ? "arn" : "name";
        return ((List<Map<String, Object>>) holder.getOrDefault(what, List.of())).stream().map(m -> String.valueOf(m.get(key))).toList();
    }

    static RunState journal(String cluster) {
        return new FileJournal(dir.resolve("kopsauth").resolve("clusters")).load(cluster).orElseThrow();
    }

    @Test
    void configMapModeEndsWithNodesListedThroughIamAndASecondRunIsANoOp() throws Exception {
        Run r = kopsauth(Map.of(), "setup", "--sandbox", "-y", "--name", "cm.k8s.local", "--mapping", "configmap");

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("Cluster cm.k8s.local is ready").contains("You are kubernetes-admin");
        Run nodes = kubectl("cm.k8s.local", "get", "nodes");
        assertThat(nodes.code()).as(nodes.err()).isZero();
        assertThat(nodes.out()).contains("Ready");

        Run again = kopsauth(Map.of(), "setup", "--sandbox", "-y", "--name", "cm.k8s.local", "--mapping", "configmap");

        assertThat(again.code()).as(again.out() + again.err()).isZero();
        assertThat(again.out().lines().filter(l -> l.contains("already done")).count()).isEqualTo(8);
        assertThat(names("buckets")).filteredOn("cm.k8s.local"::equals).hasSize(1);
        assertThat(names("clusters")).filteredOn("cm.k8s.local"::equals).hasSize(1);
        assertThat(journal("cm.k8s.local").runCount()).isEqualTo(2);
    }

    @Test
    void kopsauthTokenAsTheExecPlugin() throws Exception {
        Run r = kopsauth(Map.of(), "setup", "--sandbox", "-y", "--name", "tok.k8s.local", "--exec-plugin", "kopsauth");

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(Files.readString(kubeconfig())).contains("scripts/kopsauth").contains("- token");
        Run nodes = kubectl("tok.k8s.local", "get", "nodes");
        assertThat(nodes.code()).as(nodes.err()).isZero();
        assertThat(nodes.out()).contains("Ready");
        // kubectl's token came from (and went into) kopsauth's token cache.
        try (Stream<Path> cached = Files.list(dir.resolve("home").resolve(".kube").resolve("cache").resolve("kopsauth"))) {
            assertThat(cached.toList()).isNotEmpty();
        }
    }

    @Test
    void crdModeEndsWithNodesListedThroughIam() throws Exception {
        Run r = kopsauth(Map.of(), "setup", "--sandbox", "-y", "--name", "crd.k8s.local", "--mapping", "crd", "-o", "json");

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        Map<String, Object> result = Json.parseObject(r.out().lines().reduce((a, b) -> b).orElseThrow());
        assertThat(result).containsEntry("event", "result").containsEntry("ok", true);
        assertThat(kubectl("crd.k8s.local", "get", "nodes").out()).contains("Ready");
    }

    @Test
    void aDryRunCreatesNothing() throws Exception {
        String kubeconfigBefore = Files.exists(kubeconfig()) ? Files.readString(kubeconfig()) : null;

        Run r = kopsauth(Map.of(), "setup", "--sandbox", "--dry-run", "--name", "dry.k8s.local");

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("would run: kops create cluster --name dry.k8s.local")
                .contains("would call: aws s3api create-bucket --bucket dry.k8s.local");
        assertThat(names("buckets")).doesNotContain("dry.k8s.local");
        assertThat(names("clusters")).doesNotContain("dry.k8s.local");
        assertThat(dir.resolve("kopsauth").resolve("clusters").resolve("dry.k8s.local")).doesNotExist();
        assertThat(Files.exists(kubeconfig()) ? Files.readString(kubeconfig()) : null).isEqualTo(kubeconfigBefore);
    }

    @Test
    void killedAfterEachStepInTurnTheReRunsFinishWithoutDuplicates() throws Exception {
        for (String step : STEPS) {
            Run killed = kopsauth(Map.of("KOPSAUTH_TEST_HALT_AFTER", step), "setup", "--sandbox", "-y", "--name", "kill.k8s.local");
            assertThat(killed.code()).as("halted after " + step + ": " + killed.out() + killed.err()).isEqualTo(137);
        }
        Run r = kopsauth(Map.of(), "setup", "--sandbox", "-y", "--name", "kill.k8s.local");

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(names("buckets")).filteredOn("kill.k8s.local"::equals).hasSize(1);
        assertThat(names("clusters")).filteredOn("kill.k8s.local"::equals).hasSize(1);
        assertThat(names("roles")).filteredOn(a -> a.endsWith(":role/KubernetesAdmin")).hasSize(1);
        RunState j = journal("kill.k8s.local");
        assertThat(j.resources()).extracting(res -> res.kind() + " " + res.id()).doesNotHaveDuplicates();
        assertThat(j.resource("kops-cluster", "kill.k8s.local")).get().extracting(res -> res.created()).isEqualTo(true);
        assertThat(kubectl("kill.k8s.local", "get", "nodes").out()).contains("Ready");
    }
}
