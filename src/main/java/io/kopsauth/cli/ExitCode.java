package io.kopsauth.cli;

/** The process exit codes, an API for scripts; documented in {@code kopsauth --help}. */
public final class ExitCode {
    public static final int OK = 0;
    /** An operation (a step, an AWS call, a child process) failed. */
    public static final int FAILED = 1;
    /** Bad usage or invalid input; nothing was created. */
    public static final int USAGE = 2;
    /** A preflight check failed: a tool or credentials are missing. */
    public static final int PREFLIGHT = 3;
    /** Interrupted (Ctrl-C / SIGINT). */
    public static final int INTERRUPTED = 130;

    private ExitCode() {}
}
