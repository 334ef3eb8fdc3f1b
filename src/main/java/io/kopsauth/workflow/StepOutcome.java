package io.kopsauth.workflow;

import java.time.Duration;

/**
 * How one step ended in one run.
 *
 * @param status  what happened
 * @param elapsed wall time of check + apply
 * @param message the check's evidence, the failure, or the gate's reason
 */
public record StepOutcome(Status status, Duration elapsed, String message) {

    /** What happened to a step in a run. */
    public enum Status {
        /** apply ran and finished. */
        APPLIED,
        /** the check found the effect already there; apply was not needed. */
        ALREADY_DONE,
        /** the gate said SKIP. */
        SKIPPED,
        /** check or apply threw. */
        FAILED,
        /** the gate said STOP; the run ends here. */
        STOPPED;

        public String word() {
            return name().toLowerCase().replace('_', '-');
        }
    }
}
