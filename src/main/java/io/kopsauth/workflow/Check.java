package io.kopsauth.workflow;

/**
 * What a step's look-before-you-leap read of the real world found: already {@link Done} (with the evidence),
 * {@link Todo} (with the reason), or {@link Unknown} (it could not tell; the runner applies, since apply is
 * idempotent).
 */
public sealed interface Check {

    /** One line for humans. */
    String text();

    static Check done(String evidence) {
        return new Done(evidence);
    }

    static Check todo(String reason) {
        return new Todo(reason);
    }

    static Check unknown(String why) {
        return new Unknown(why);
    }

    default boolean isDone() {
        return this instanceof Done;
    }

    /** The step's effect is already there. */
    record Done(String evidence) implements Check {
        @Override
        public String text() {
            return evidence;
        }
    }

    /** The step's effect is missing or different. */
    record Todo(String reason) implements Check {
        @Override
        public String text() {
            return reason;
        }
    }

    /** The world could not be read well enough to tell. */
    record Unknown(String why) implements Check {
        @Override
        public String text() {
            return why;
        }
    }
}
