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

/** setup's command line: validation before anything is touched, confirmation rules, -f files. */
class SetupCommandTest {
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

    boolean nothingCreated() {
        return !Files.exists(dir.resolve("kh").resolve("clusters")) && !Files.exists(dir.resolve("home").resolve(".kube"));
    }

    @Test
    void anInvalidClusterNameIsAUsageError() {
        Run r = run("setup", "--name", "Not_A_DNS_Name", "--region", "us-west-1", "-y");

        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("Cluster Name must be a valid DNS name");
        assertThat(nothingCreated()).isTrue();
    }

    @Test
    void aBadTimeoutOrOutputIsAUsageError() {
        assertThat(run("setup", "--region", "us-west-1", "--validate-timeout", "soon", "-y").err())
                .contains("--validate-timeout: 'soon' is not a duration");
        assertThat(run("setup", "--region", "us-west-1", "-o", "xml", "-y").code()).isEqualTo(ExitCode.USAGE);
        assertThat(run("setup", "--region", "us-west-1", "--mapping", "magic", "-y").err()).contains("expected configmap, crd or auto");
        assertThat(nothingCreated()).isTrue();
    }

    @Test
    void withoutARegionItSaysHowToGiveOne() {
        Run r = run("setup", "-y");

        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("no AWS region").contains("--region")
                .contains("Full log: " + dir.resolve("kh").resolve("logs").resolve("setup-"));
    }

    @Test
    void withoutATerminalAndWithoutYesItShowsThePlanAndChangesNothing() {
        Run r = run("setup", "--name", "demo.k8s.local", "--region", "us-west-1");

        assertThat(r.code()).isEqualTo(ExitCode.FAILED);
        assertThat(r.out()).contains("kopsauth setup will, for cluster demo.k8s.local in us-west-1:")
                .contains("  - Create the S3 state bucket").contains("  - Validate the cluster and log in through IAM");
        assertThat(r.err()).contains("re-run with --yes");
        assertThat(nothingCreated()).isTrue();
    }

    @Test
    void aYamlFileGivesTheSameOptionsAndTheCommandLineWins() throws Exception {
        Path f = dir.resolve("cluster.yaml");
        Files.writeString(f, "name: from-file.k8s.local\nregion: us-west-1\nzones: [us-west-1a, us-west-1b]\nswitch-context: true\n");

        Run r = run("setup", "-f", f.toString(), "--name", "from-cli.k8s.local");

        assertThat(r.code()).isEqualTo(ExitCode.FAILED);
        assertThat(r.out()).contains("for cluster from-cli.k8s.local in us-west-1");
    }

    @Test
    void anUnknownKeyInTheFileIsAUsageError() throws Exception {
        Path f = dir.resolve("cluster.yaml");
        Files.writeString(f, "nmae: typo.k8s.local\n");

        Run r = run("setup", "-f", f.toString(), "--region", "us-west-1", "-y");

        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("unknown option 'nmae'");
    }

    @Test
    void helpShowsExamplesAndExitCodes() {
        Run r = run("setup", "--help");

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("kopsauth setup --sandbox -y").contains("--dry-run").contains("Exit codes:");
    }

    @Test
    void durationsAcceptSecondsMinutesAndHours() {
        assertThat(SetupOptions.duration("90")).hasSeconds(90);
        assertThat(SetupOptions.duration("15m")).hasMinutes(15);
        assertThat(SetupOptions.duration("1h")).hasHours(1);
    }

    @Test
    void badInputIsReportedBeforeTheSandboxStarts() {
        Run r = run("setup", "--sandbox", "--name", "Not_A_DNS_Name", "-y");

        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(dir.resolve("kh").resolve("sandbox")).doesNotExist();
        assertThat(run("setup", "--sandbox", "--validate-timeout", "never", "-y").code()).isEqualTo(ExitCode.USAGE);
        assertThat(dir.resolve("kh").resolve("sandbox")).doesNotExist();
    }
}
