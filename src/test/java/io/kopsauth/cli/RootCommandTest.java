package io.kopsauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kopsauth.Main;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RootCommandTest {

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, Map.of("HOME", System.getProperty("java.io.tmpdir")), new ByteArrayInputStream(new byte[0]),
                new PrintWriter(out, true), new PrintWriter(err, true), Clock.systemUTC(), false);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpListsExitCodes() {
        Run r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Exit codes:").contains("130").contains("preflight failed");
    }

    @Test
    void unknownOptionIsAUsageErrorWithAHint() {
        Run r = run("--frobnicate");
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("Error: Unknown option: '--frobnicate'").contains("--help");
        assertThat(r.err()).doesNotContain("at io.kopsauth");
    }

    @Test
    void versionPrintsTheBuildVersion() {
        Run r = run("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("kopsauth 0.");
    }
}
