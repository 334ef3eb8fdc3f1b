package io.kopsauth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.kopsauth.json.Json;
import io.kopsauth.support.FreshShell;
import io.kopsauth.support.FreshShell.Run;
import io.kopsauth.workflow.FileJournal;
import io.kopsauth.workflow.RunState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code kopsauth tutorial} end to end on the sandbox, through the real launcher: answers through standard input and
 * through a pseudo-terminal (a small Python pty driver), quitting in the middle, resuming, finishing with the nodes
 * listed by the real kubectl through IAM, and cleaning up.
 */
class TutorialSandboxIT {
    static Path dir;
    static final String ESC = "\u001b[";

    static FreshShell shell;

    @BeforeAll
    static void sandboxUp() throws Exception {
        shell = FreshShell.create("kopsauth-tutorial-it", Map.of("COLUMNS", "100"));
        dir = shell.dir();
        Run up = kopsauth(Map.of(), "", "sandbox", "up", "--boot-seconds", "2");
        assertThat(up.code()).as(up.err()).isZero();
    }

    @AfterAll
    static void sandboxDown() throws Exception {
        if (shell != null) shell.close();
    }

    static Run exec(Map<String, String> extraEnv, String stdin, List<String> argv) throws IOException, InterruptedException {
        return shell.exec(extraEnv, stdin, argv);
    }

    static List<String> launcher(String... args) {
        return shell.launcher(args);
    }

    static Run kopsauth(Map<String, String> env, String stdin, String... args) throws IOException, InterruptedException {
        return shell.kopsauth(env, stdin, args);
    }

    /** Runs kopsauth on a pseudo-terminal, answering each expected text with the given keys. */
    static Run onTerminal(Map<String, String> env, List<List<String>> answers, String... args) throws Exception {
        Path driver = dir.resolve("pty-drive.py");
        try (InputStream in = TutorialSandboxIT.class.getResourceAsStream("/pty-drive.py")) {
            Files.write(driver, in.readAllBytes());
        }
        List<String> argv = new ArrayList<>(List.of("python3", driver.toString(), Json.write(answers)));
        argv.addAll(launcher(args));
        return exec(env, "", argv);
    }

    static Path kubeconfig() {
        return dir.resolve("home").resolve(".kube").resolve("config");
    }

    static RunState journal(String cluster) {
        return new FileJournal(dir.resolve("kopsauth").resolve("clusters")).load(cluster).orElseThrow();
    }

    static String unfolded(String s) {
        return s.replaceAll(" \\\\\r?\n\\s+", " ");
    }

    @Test
    void ctrlCAtTheFirstPromptOnATerminalStopsCleanlyWithTheResumeHint() throws Exception {
        Run r = onTerminal(Map.of(), List.of(List.of("[?] more", "\u0003")), "tutorial", "--name", "ctrlc.k8s.local");

        assertThat(r.code()).as(r.out()).isEqualTo(130);
        assertThat(r.out()).contains("Step 1 of 10").contains("Stopped before 'Preflight")
                .contains("kopsauth tutorial --name ctrlc.k8s.local").contains(ESC); // colours on a terminal
    }

    @Test
    void onATerminalTheTextFitsTheWidthAndNoColorMeansNoColour() throws Exception {
        Run r = onTerminal(Map.of("COLUMNS", "60", "NO_COLOR", "1"), List.of(List.of("[?] more", "q\r")),
                "tutorial", "--name", "narrow.k8s.local");

        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).doesNotContain(ESC).contains("Before anything is created");
        assertThat(r.out().lines().filter(l -> !l.contains("/"))).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(60));
    }

    @Test
    void quitInTheMiddleResumeFinishWithNodesListedThroughIamThenCleanUp() throws Exception {
        String name = "tut.k8s.local";
        // Enter for preflight, choose-name and the bucket; "?" then q at create-cluster.
        Run first = kopsauth(Map.of(), "\n\n\n?\nq\n", "tutorial", "--interactive", "--name", name);

        assertThat(first.code()).as(first.out() + first.err()).isZero();
        String o = unfolded(first.out());
        assertThat(o).contains("Step 1 of 10 · Preflight").contains("$ aws sts get-caller-identity")
                .contains("Step 3 of 10 · Create the S3 state bucket").contains("$ aws s3api create-bucket --bucket " + name)
                .contains("Step 4 of 10").contains("$ kops create cluster --name " + name)
                .contains("Without --yes, kops create cluster only writes the spec") // the "?" answer
                .contains("Stopped before 'Create the kops cluster configuration'")
                .contains("kopsauth tutorial --name " + name);
        assertThat(journal(name).step("create-state-bucket")).get().extracting(RunState.StepRecord::status).isEqualTo("applied");
        assertThat(journal(name).step("create-cluster")).get().extracting(RunState.StepRecord::status).isEqualTo("stopped");

        Run second = kopsauth(Map.of(), "\n".repeat(10) + "n\n", "tutorial", "--interactive", "--name", name);

        assertThat(second.code()).as(second.out() + second.err()).isZero();
        String o2 = unfolded(second.out());
        assertThat(o2).contains("Resuming " + name).contains("already done: s3://" + name)
                .contains("kops get cluster " + name + " --state s3://" + name + " -o yaml > spec.yaml")
                .contains("the cluster spec changes (- now, + after):")
                .contains("kind: ConfigMap")
                .contains("kubectl config set-credentials kopsauth-" + name)
                .contains("Step 10 of 10 · Validate").contains("Done: cluster " + name + " is ready")
                .contains("kubectl --kubeconfig " + kubeconfig() + " --context kopsauth-" + name + " get nodes");
        Run nodes = exec(Map.of(), "", List.of("kubectl", "--kubeconfig", kubeconfig().toString(), "--context", "kopsauth-" + name, "get", "nodes"));
        assertThat(nodes.code()).as(nodes.err()).isZero();
        assertThat(nodes.out()).contains("Ready");

        // Clean-up: teardown runs from the tutorial when this kopsauth has it; otherwise the tutorial names the command.
        boolean hasTeardown = kopsauth(Map.of(), "", "--help").out().contains("teardown");
        if (hasTeardown) {
            Run down = kopsauth(Map.of(), "", "teardown", "--name", name, "--sandbox", "--yes");
            assertThat(down.code()).as(down.out() + down.err()).isZero();
            assertThat(Files.readString(kubeconfig())).doesNotContain("kopsauth-" + name);
        } else {
            assertThat(o2).contains("$ kopsauth teardown --name " + name + " --sandbox");
        }
    }

    @Test
    void autoWithoutATerminalNarratesEveryStepAndRunsThemAll() throws Exception {
        Run r = kopsauth(Map.of(), "", "tutorial", "--name", "auto.k8s.local");

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        String o = unfolded(r.out());
        for (int i = 1; i <= 10; i++) assertThat(o).contains("Step " + i + " of 10");
        assertThat(o).doesNotContain("[Enter]").doesNotContain(ESC).contains("Look now:").contains("is ready");
    }
}
