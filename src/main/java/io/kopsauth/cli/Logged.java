package io.kopsauth.cli;

/** Marks a command that keeps a per-run log file (every command that changes or inspects the world). */
public interface Logged {
    /** The log file's name prefix, e.g. "setup". */
    String logName();
}
