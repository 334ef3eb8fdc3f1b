package io.kopsauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kopsauth.Main;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tutorial's command line: help, and bad input rejected before the sandbox or AWS is touched. */
class TutorialCommandTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> env = Map.of("HOME", dir.resolve("home").toString(), "KOPSAUTH_HOME", dir.resolve("kh").toString(),
                "PATH", System.getenv("PATH"), "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "x",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:9");
        int code = Main.run(args, env, new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true), new PrintWriter(err, true),
                Clock.systemUTC(), false);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpHasSetupsOptionsTheTutorialsOwnAndExamples() {
        Run r = run("tutorial", "--help");

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--aws", "--auto", "--pause", "--interactive", "--name", "--zones", "--mapping",
                "--validate-timeout", "--templates", "Examples:", "kopsauth tutorial --auto --pause 3", "130 interrupted");
        assertThat(run("--help").out()).contains("kopsauth tutorial");
    }

    @Test
    void contradictoryOrBadOptionsAreUsageErrorsAndTouchNothing() {
        assertThat(run("tutorial", "--auto", "--interactive").code()).isEqualTo(ExitCode.USAGE);
        Run pause = run("tutorial", "--aws", "--pause", "-1");
        assertThat(pause.code()).isEqualTo(ExitCode.USAGE);
        assertThat(pause.err()).contains("--pause");
        Run name = run("tutorial", "--aws", "--region", "us-west-1", "--name", "Not_A_DNS_Name", "-y");
        assertThat(name.code()).isEqualTo(ExitCode.USAGE);
        assertThat(dir.resolve("kh").resolve("sandbox")).doesNotExist();
        assertThat(Files.exists(dir.resolve("kh").resolve("clusters"))).isFalse();
    }

    @Test
    void onAwsWithoutATerminalItAsksForYesAndChangesNothing() {
        Run r = run("tutorial", "--aws", "--region", "us-west-1", "--name", "demo.k8s.local");

        assertThat(r.code()).isEqualTo(ExitCode.FAILED);
        assertThat(r.out()).contains("on real AWS (this costs money)").contains("Create the S3 state bucket");
        assertThat(r.err()).contains("re-run with --yes");
        assertThat(Files.exists(dir.resolve("kh").resolve("clusters"))).isFalse();
    }
}
