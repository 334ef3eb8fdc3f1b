package io.kopsauth.exec;

import java.util.function.Consumer;

/**
 * Port for running external programs (kops, kubectl, aws). Adapters log every command line and its full output
 * to the per-run log; callers decide what a non-zero exit means.
 */
public interface ProcessRunner {

    /** Runs the command to completion. Throws {@link ToolNotFoundException} if the program is not on PATH. */
    default ProcResult run(Cmd cmd) {
        return run(cmd, line -> { });
    }

    /** Runs the command, handing each stdout and stderr line to {@code onLine} as it arrives (for progress). */
    ProcResult run(Cmd cmd, Consumer<String> onLine);

    /** The program could not be started because it is not installed or not on PATH. */
    final class ToolNotFoundException extends RuntimeException {
        private final String program;

        public ToolNotFoundException(String program, Throwable cause) {
            super(program + ": not found on PATH", cause);
            this.program = program;
        }

        public String program() {
            return program;
        }
    }

    /** The program ran longer than its timeout and was stopped. */
    final class ProcessTimeoutException extends RuntimeException {
        public ProcessTimeoutException(Cmd cmd) {
            super("timed out after " + cmd.timeout().toSeconds() + "s: " + cmd.display());
        }
    }
}
