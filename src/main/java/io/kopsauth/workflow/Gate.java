package io.kopsauth.workflow;

/**
 * Decides before each step whose check is not done whether to run it: always GO for {@code setup}, a prompt
 * for the tutorial.
 */
@FunctionalInterface
public interface Gate {

    /** The gate's answer. */
    enum Decision { GO, SKIP, STOP }

    /** The gate that never asks. */
    Gate ALWAYS_GO = (step, check, ctx) -> Decision.GO;

    Decision decide(Step step, Check check, RunContext ctx) throws Exception;
}
