package io.kopsauth.exec;

import java.time.Duration;

/** What a finished child process produced. */
public record ProcResult(Cmd cmd, int exitCode, String stdout, String stderr, Duration elapsed) {

    public boolean ok() {
        return exitCode == 0;
    }

    /** The last {@code n} lines of stderr (or stdout if stderr is empty), for error messages. */
    public String tail(int n) {
        String text = stderr.isBlank() ? stdout : stderr;
        String[] lines = text.strip().split("\n");
        int from = Math.max(0, lines.length - n);
        return String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length));
    }
}
