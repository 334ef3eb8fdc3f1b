package io.kopsauth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.kopsauth.App;
import io.kopsauth.Main;
import io.kopsauth.sandbox.SandboxControl;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SandboxControl#ensureUp(App)}: starts the sandbox once and returns what {@code sandbox env} prints. */
class SandboxControlIT {
    @TempDir
    Path tmp;
    App app;

    App app() {
        Map<String, String> env = new HashMap<>();
        env.put("KOPSAUTH_HOME", tmp.resolve("home").toString());
        env.put("HOME", tmp.toString());
        env.put("PATH", "/usr/bin:/bin");
        env.put("KOPSAUTH_LAUNCHER", Path.of(System.getProperty("kopsauth.project", ".")).toAbsolutePath()
                .resolve("scripts").resolve("kopsauth").toString());
        return new App(env, new ByteArrayInputStream(new byte[0]), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), Clock.systemUTC(), false);
    }

    @AfterEach
    void down() {
        new SandboxControl(app()).down();
    }

    @Test
    void ensureUpStartsOnceAndReturnsTheEnvThatEnvPrints() {
        Map<String, String> first = SandboxControl.ensureUp(app());
        long pid = new SandboxControl(app()).runningPid().orElseThrow();
        Map<String, String> second = SandboxControl.ensureUp(app());
        assertThat(second).isEqualTo(first);
        assertThat(new SandboxControl(app()).runningPid()).contains(pid);
        assertThat(first.get("PATH")).endsWith("/scripts/sandbox:/usr/bin:/bin");

        StringWriter out = new StringWriter();
        int code = Main.run(new String[] {"sandbox", "env"}, app().env(), new ByteArrayInputStream(new byte[0]),
                new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), Clock.systemUTC(), false);
        assertThat(code).isZero();
        StringBuilder expected = new StringBuilder();
        first.forEach((k, v) -> expected.append("export ").append(k).append("='").append(v).append("'\n"));
        assertThat(out.toString()).startsWith(expected.toString());
    }
}
