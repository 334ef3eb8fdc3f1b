package io.kopsauth;

import io.kopsauth.exec.ProcessRunner;
import io.kopsauth.exec.ZtExecProcessRunner;
import io.kopsauth.ui.Console;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine.Help.Ansi;

/**
 * The composition root's context, handed to every command: environment, streams, home, clock and the real
 * adapters (built lazily, so that a fast command such as {@code token} loads nothing it does not use).
 * Commands never read {@code System.getenv} or {@code System.out} directly.
 */
public final class App {
    private final Map<String, String> env;
    private final InputStream in;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Home home;
    private final Clock clock;
    private final boolean tty;
    private boolean verbose;
    private boolean noColor;
    private Console console;
    private ProcessRunner processRunner;
    private Path runLog;

    public App(Map<String, String> env, InputStream in, PrintWriter out, PrintWriter err, Clock clock, boolean tty) {
        this.env = Map.copyOf(env);
        this.in = in;
        this.out = out;
        this.err = err;
        this.home = Home.from(env);
        this.clock = clock;
        this.tty = tty;
    }

    public Map<String, String> env() {
        return env;
    }

    public String env(String name) {
        String v = env.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    public InputStream in() {
        return in;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    public Home home() {
        return home;
    }

    public Clock clock() {
        return clock;
    }

    /** True when standard input and output are a terminal. */
    public boolean tty() {
        return tty;
    }

    public boolean verbose() {
        return verbose;
    }

    public void verbose(boolean v) {
        this.verbose = v;
    }

    public void noColor(boolean v) {
        this.noColor = v;
        this.console = null;
    }

    public boolean colourWanted() {
        return tty && !noColor && env("NO_COLOR") == null && !"dumb".equals(env("TERM"));
    }

    public Console console() {
        if (console == null) {
            console = new Console(out, err, colourWanted() ? Ansi.ON : Ansi.OFF, tty);
        }
        return console;
    }

    public ProcessRunner processRunner() {
        if (processRunner == null) processRunner = new ZtExecProcessRunner();
        return processRunner;
    }

    /** The per-run log file of this invocation, or null if this command keeps none. */
    public Path runLog() {
        return runLog;
    }

    void runLog(Path p) {
        this.runLog = p;
    }

    /**
     * The absolute path of the launcher script ({@code scripts/kopsauth}) that started us, when known; used to
     * write an exec plugin that calls kopsauth, and to find the sandbox's kops simulator beside it.
     */
    public Path launcher() {
        String l = env("KOPSAUTH_LAUNCHER");
        return l == null ? null : Path.of(l).toAbsolutePath();
    }
}
