package io.kopsauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kopsauth.Main;
import io.kopsauth.json.Json;
import io.kopsauth.support.AwsWorlds;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kopsauth sandbox} in-process: usage errors, env output and quoting, status of a running sandbox. */
class SandboxCommandTest {

    record Run(int code, String out, String err) {}

    static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, env, new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true),
                new PrintWriter(err, true), Clock.systemUTC(), false);
        return new Run(code, out.toString(), err.toString());
    }

    /** The environment of a kopsauth whose home holds the shared in-process sandbox. */
    static Map<String, String> runningSandbox() {
        Path home = AwsWorlds.sandboxServer().home().root().getParent();
        return Map.of("KOPSAUTH_HOME", home.toString(), "HOME", home.toString(), "PATH", "/usr/bin:/bin",
                "KOPSAUTH_LAUNCHER", "/opt/it's here/scripts/kopsauth");
    }

    @Test
    void statusShowsEachSimulatedClusterAndItsLastTokenReviews() {
        Map<String, Object> kube = Map.of("api", "https://127.0.0.1:1", "clusters", List.of(
                Json.obj("name", "a.k8s.local", "phase", "running", "server", "https://127.0.0.1:2", "backendMode", "MountedFile",
                        "authenticatorPods", List.of("aws-iam-authenticator-x1 Running"), "recentReviews", List.of(
                                Json.obj("time", "t1", "result", "denied", "user", null, "reason", "no bearer token"),
                                Json.obj("time", "t2", "result", "accepted", "user", "kubecfg", "reason", "admin token"),
                                Json.obj("time", "t3", "result", "denied", "user", "arn:aws:iam::1:role/R", "reason", "not mapped"),
                                Json.obj("time", "t4", "result", "accepted", "user", "kubernetes-admin", "reason", ""))),
                Json.obj("name", "b.k8s.local", "phase", "booting", "server", "https://127.0.0.1:3", "backendMode", null)));

        assertThat(SandboxCommand.kubeLines(kube)).containsExactly(
                "clusters: ",
                "  a.k8s.local                              running      https://127.0.0.1:2  authenticator: MountedFile "
                        + "(aws-iam-authenticator-x1 Running)",
                "    token review t2: accepted kubecfg (admin token)",
                "    token review t3: denied arn:aws:iam::1:role/R (not mapped)",
                "    token review t4: accepted kubernetes-admin",
                "  b.k8s.local                              booting      https://127.0.0.1:3  authenticator: off");
        assertThat(SandboxCommand.kubeLines(Map.of("clusters", List.of()))).containsExactly("clusters: none");
    }

    @Test
    void helpHasExamples() {
        Run r = run(Map.of("HOME", "/tmp"), "sandbox", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("up", "down", "status", "reset", "env", "faults", "Examples:", "eval \"$(kopsauth sandbox env)\"");
    }

    @Test
    void badOptionsAreUsageErrors(@TempDir Path tmp) {
        Map<String, String> env = Map.of("KOPSAUTH_HOME", tmp.toString(), "HOME", tmp.toString());
        assertThat(run(env, "sandbox", "env", "--shell", "tcsh").code()).isEqualTo(ExitCode.USAGE);
        assertThat(run(env, "sandbox", "status", "-o", "yaml").code()).isEqualTo(ExitCode.USAGE);
        assertThat(run(env, "sandbox", "up", "--throttle-rate", "2").code()).isEqualTo(ExitCode.USAGE);
        assertThat(run(env, "sandbox", "faults", "--latency-ms", "-1").code()).isEqualTo(ExitCode.USAGE);
        assertThat(tmp.resolve("sandbox")).doesNotExist();
    }

    @Test
    void envBeforeTheFirstStartSaysWhatToDo(@TempDir Path tmp) {
        Run r = run(Map.of("KOPSAUTH_HOME", tmp.toString(), "HOME", tmp.toString()), "sandbox", "env");
        assertThat(r.code()).isEqualTo(ExitCode.FAILED);
        assertThat(r.err()).contains("never been started", "kopsauth sandbox up");
    }

    @Test
    void envPrintsQuotedExportsWithTheSimulatorFirstOnPath() {
        Run r = run(runningSandbox(), "sandbox", "env");
        assertThat(r.code()).as(r.err()).isZero();
        String ep = AwsWorlds.sandboxServer().endpoint().toString();
        assertThat(r.out()).contains("export AWS_PROFILE='kopsauth-sandbox'", "export AWS_REGION='us-west-1'",
                "export AWS_ENDPOINT_URL='" + ep + "'", "export S3_ENDPOINT='" + ep + "'",
                "export KOPSAUTH_SANDBOX_URL='" + ep + "'",
                "export PATH='/opt/it'\\''s here/scripts/sandbox:/usr/bin:/bin'",
                "export AWS_CONFIG_FILE='" + AwsWorlds.sandboxServer().home().awsConfig() + "'");
        Run fish = run(runningSandbox(), "sandbox", "env", "--shell", "fish");
        assertThat(fish.out()).contains("set -gx PATH '/opt/it\\'s here/scripts/sandbox:/usr/bin:/bin';");
    }

    @Test
    void statusAsJsonListsEndpointsAndWhatExists() {
        Run r = run(runningSandbox(), "sandbox", "status", "-o", "json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"running\": true", "\"aws\": \"" + AwsWorlds.sandboxServer().endpoint() + "\"",
                "\"buckets\"", "\"roles\"", "\"faults\"");
    }

    @Test
    void faultsChangeAtRunTime() {
        try {
            Run r = run(runningSandbox(), "sandbox", "faults", "--latency-ms", "5");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("latency 5 ms");
            assertThat(AwsWorlds.sandboxServer().aws().faults().latencyMs()).isEqualTo(5);
        } finally {
            AwsWorlds.sandboxServer().aws().faults().set(0, 0, 0);
        }
    }
}
