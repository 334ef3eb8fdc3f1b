package io.kopsauth.ui;

import java.io.PrintWriter;
import picocli.CommandLine.Help.Ansi;

/**
 * What the user sees. Steps and adapters never print; commands and the runner's listener do, through this.
 * Colour only on a TTY and never with --no-color or NO_COLOR (picocli's Ansi.AUTO rules plus our flag).
 */
public final class Console {
    private final PrintWriter out;
    private final PrintWriter err;
    private final Ansi ansi;
    private final boolean interactive;

    public Console(PrintWriter out, PrintWriter err, Ansi ansi, boolean interactive) {
        this.out = out;
        this.err = err;
        this.ansi = ansi;
        this.interactive = interactive;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    public boolean colour() {
        return ansi.enabled();
    }

    /** True if stdin and stdout are a terminal (prompts and spinners make sense). */
    public boolean interactive() {
        return interactive;
    }

    /** Renders picocli markup such as {@code @|bold,green text|@} (plain when colour is off). */
    public String style(String markup) {
        return ansi.string(markup);
    }

    /** Wraps a piece of user text in a style, escaping nothing: use only for text without '@|' sequences. */
    public String style(String style, String text) {
        if (!ansi.enabled()) return text;
        return ansi.string("@|" + style + " " + text.replace("|@", "| @") + "|@");
    }

    public void println(String line) {
        out.println(line);
        out.flush();
    }

    public void println() {
        out.println();
        out.flush();
    }

    public void ok(String line) {
        println(style("green", "✔") + " " + line);
    }

    public void warn(String line) {
        err.println(style("yellow", "!") + " " + line);
        err.flush();
    }

    public void fail(String line) {
        err.println(style("red", "✖") + " " + line);
        err.flush();
    }

    /** "Error: ...", then each hint, then where the log is; the one format every failure uses. */
    public void error(String message, Iterable<String> hints, String logPath) {
        err.println(style("bold,red", "Error:") + " " + message);
        for (String h : hints) err.println("  " + style("cyan", "→") + " " + h);
        if (logPath != null) err.println("  Full log: " + logPath);
        err.flush();
    }
}
