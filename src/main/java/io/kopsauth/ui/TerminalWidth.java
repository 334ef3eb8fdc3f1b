package io.kopsauth.ui;

import io.kopsauth.exec.Cmd;
import io.kopsauth.exec.ProcResult;
import io.kopsauth.exec.ProcessRunner;
import java.time.Duration;
import java.util.Map;

/** How wide the user's terminal is: {@code COLUMNS}, else {@code stty size} on the terminal, else 80. */
public final class TerminalWidth {
    public static final int DEFAULT = 80;
    private static final int MIN = 40;
    private static final int MAX = 200;

    private TerminalWidth() {}

    /** The width to wrap to; asks {@code stty} only when on a terminal. */
    public static int of(Map<String, String> env, ProcessRunner runner, boolean tty) {
        Integer cols = parse(env.get("COLUMNS"));
        if (cols == null && tty) cols = stty(runner);
        if (cols == null) return DEFAULT;
        return Math.max(MIN, Math.min(MAX, cols));
    }

    static Integer parse(String columns) {
        if (columns == null || !columns.trim().matches("\\d{1,4}")) return null;
        int n = Integer.parseInt(columns.trim());
        return n > 0 ? n : null;
    }

    private static Integer stty(ProcessRunner runner) {
        try {
            // stty reads the size of the terminal given with -F; our own stdin may be a pipe to the JVM.
            ProcResult r = runner.run(Cmd.of("stty", "-F", "/dev/tty", "size").asReadOnly().withTimeout(Duration.ofSeconds(5)));
            if (r.exitCode() != 0) return null;
            String[] rowsCols = r.stdout().trim().split("\\s+");
            return rowsCols.length == 2 ? parse(rowsCols[1]) : null;
        } catch (Exception e) {
            return null;
        }
    }
}
