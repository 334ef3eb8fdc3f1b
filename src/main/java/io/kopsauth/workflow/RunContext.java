package io.kopsauth.workflow;

import java.time.Clock;
import java.time.Duration;

/** What a running step may use besides its ports: the run state, progress notes, checkpoints, time. */
public interface RunContext {

    /** The run's shared, journaled state. */
    RunState state();

    /** Reports progress inside a step ("waiting for the API server (12s)"); shown beside the step's line. */
    void note(String text);

    /**
     * Saves the journal now. Call it after creating something and before relying on it, so that a crash in
     * between leaves a record the re-run can use.
     */
    void checkpoint();

    Clock clock();

    /** Waits; interruptible. Tests substitute a clock-advancing sleeper. */
    void sleep(Duration d) throws InterruptedException;
}
