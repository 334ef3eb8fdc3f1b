package io.kopsauth.workflow;

import java.time.Duration;
import java.util.List;

/**
 * How a plan run ended.
 *
 * @param status  succeeded, failed (a step threw) or stopped (the gate said STOP)
 * @param steps   each step that started, with its outcome, in the order they finished
 * @param elapsed the run's wall time
 * @param failed  the step that failed or was stopped at; null if the run could not start (its journal failed)
 * @param failure what the failed step threw, or null
 */
public record RunResult(Status status, List<Entry> steps, Duration elapsed, Step failed, Throwable failure) {

    /** How a run ended. */
    public enum Status { SUCCEEDED, FAILED, STOPPED }

    /** One step's outcome in this run. */
    public record Entry(Step step, StepOutcome outcome) {}

    public RunResult {
        steps = List.copyOf(steps);
    }

    public boolean ok() {
        return status == Status.SUCCEEDED;
    }
}
