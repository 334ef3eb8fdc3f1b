package io.kopsauth.cli;

import java.util.List;

/**
 * An error meant for a human: one line saying what failed and why, hints saying what to do next, and the exit
 * code scripts can rely on. Anything may throw it; the root handler prints it without a stack trace (unless -v).
 */
public class CliException extends RuntimeException {
    private final int exitCode;
    private final List<String> hints;

    public CliException(int exitCode, String message, String... hints) {
        this(exitCode, message, null, hints);
    }

    public CliException(int exitCode, String message, Throwable cause, String... hints) {
        super(message, cause);
        this.exitCode = exitCode;
        this.hints = List.of(hints);
    }

    public static CliException usage(String message, String... hints) {
        return new CliException(ExitCode.USAGE, message, hints);
    }

    public static CliException failed(String message, String... hints) {
        return new CliException(ExitCode.FAILED, message, hints);
    }

    public int exitCode() {
        return exitCode;
    }

    public List<String> hints() {
        return hints;
    }
}
