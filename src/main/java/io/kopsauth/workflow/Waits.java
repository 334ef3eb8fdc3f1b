package io.kopsauth.workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Polling inside a step: ask until the world answers, with progress notes and a deadline. */
public final class Waits {
    private Waits() {}

    /** A probe that may not have an answer yet. */
    @FunctionalInterface
    public interface Probe<T> {
        Optional<T> poll() throws Exception;
    }

    /** The deadline passed before the probe answered. */
    public static final class TimedOut extends RuntimeException {
        public TimedOut(String message) {
            super(message);
        }
    }

    /**
     * Polls {@code probe} every {@code interval} until it answers, noting "waiting for {what} (12s)" on the
     * step's line; throws {@link TimedOut} once {@code timeout} has passed.
     */
    public static <T> T until(RunContext ctx, String what, Duration timeout, Duration interval, Probe<T> probe)
            throws Exception {
        Instant start = ctx.clock().instant();
        while (true) {
            Optional<T> answer = probe.poll();
            if (answer.isPresent()) return answer.get();
            Duration waited = Duration.between(start, ctx.clock().instant());
            if (waited.compareTo(timeout) >= 0) {
                throw new TimedOut("gave up waiting for " + what + " after " + timeout.toSeconds() + "s");
            }
            ctx.note("waiting for " + what + " (" + waited.toSeconds() + "s)");
            ctx.sleep(interval);
        }
    }
}
