package io.kopsauth.workflow;

import java.time.Duration;
import java.util.List;

/** Receives a plan run's progress (for the console, JSON events, timing); must be thread-safe. */
public interface RunListener {

    default void planStarted(Plan plan, RunState state) {
    }

    default void stepStarted(Step step) {
    }

    default void stepChecked(Step step, Check check) {
    }

    default void stepNote(Step step, String text) {
    }

    /** The journal has been saved with this outcome. */
    default void stepFinished(Step step, StepOutcome outcome) {
    }

    default void planFinished(Plan plan, RunState state, boolean ok, Duration elapsed) {
    }

    /** An action a recording port performed instead of the real one (a dry run): what would be done. */
    default void action(Action action) {
    }

    /** A listener that forwards every event to each of {@code listeners}, in order. */
    static RunListener all(RunListener... listeners) {
        List<RunListener> ls = List.of(listeners);
        return new RunListener() {
            @Override
            public void planStarted(Plan plan, RunState state) {
                ls.forEach(l -> l.planStarted(plan, state));
            }

            @Override
            public void stepStarted(Step step) {
                ls.forEach(l -> l.stepStarted(step));
            }

            @Override
            public void stepChecked(Step step, Check check) {
                ls.forEach(l -> l.stepChecked(step, check));
            }

            @Override
            public void stepNote(Step step, String text) {
                ls.forEach(l -> l.stepNote(step, text));
            }

            @Override
            public void stepFinished(Step step, StepOutcome outcome) {
                ls.forEach(l -> l.stepFinished(step, outcome));
            }

            @Override
            public void planFinished(Plan plan, RunState state, boolean ok, Duration elapsed) {
                ls.forEach(l -> l.planFinished(plan, state, ok, elapsed));
            }

            @Override
            public void action(Action action) {
                ls.forEach(l -> l.action(action));
            }
        };
    }
}
