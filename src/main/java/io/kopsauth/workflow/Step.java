package io.kopsauth.workflow;

import java.util.List;

/**
 * One small, idempotent unit of a plan. {@link #check} reads the real world, {@link #apply} changes it only
 * through ports and reads nothing it cannot get from the run state (so a preview equals the execution),
 * {@link #describe} says what apply stands for as the commands a person would type, and {@link #undo} is the
 * natural inverse for teardown.
 */
public interface Step {

    /** Stable identifier, written to the journal ("create-state-bucket"); never change it once released. */
    String id();

    /** A short title for progress lines ("Create the S3 state bucket"). */
    String title();

    /** The manual commands, AWS calls and file changes {@link #apply} stands for, given the current run state. */
    List<Action> describe(RunContext ctx);

    /** Reads the world: is the step's effect already there? Must not change anything. */
    Check check(RunContext ctx) throws Exception;

    /** Makes the step's effect true, through ports only; safe to repeat. */
    void apply(RunContext ctx) throws Exception;

    /**
     * Reverses {@link #apply} for teardown, removing only what the journal says kopsauth created. Steps whose
     * effect lives only in the run state (a chosen name, a preflight) keep this default, which does nothing.
     */
    default void undo(RunContext ctx) throws Exception {
    }
}
