package io.kopsauth.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WaitsTest {

    /** A context whose sleeps advance its clock. */
    static final class TickingContext implements RunContext {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        final List<String> notes = new ArrayList<>();
        final RunState state = new RunState("t", now);

        @Override
        public RunState state() {
            return state;
        }

        @Override
        public void note(String text) {
            notes.add(text);
        }

        @Override
        public void checkpoint() {
        }

        @Override
        public Clock clock() {
            return Clock.fixed(now, ZoneOffset.UTC);
        }

        @Override
        public void sleep(Duration d) {
            now = now.plus(d);
        }
    }

    @Test
    void returnsTheFirstAnswerAndNotesTheWait() throws Exception {
        TickingContext ctx = new TickingContext();
        int[] calls = {0};

        String v = Waits.until(ctx, "the API server", Duration.ofMinutes(5), Duration.ofSeconds(2),
                () -> ++calls[0] < 3 ? Optional.empty() : Optional.of("ok"));

        assertThat(v).isEqualTo("ok");
        assertThat(ctx.notes).containsExactly("waiting for the API server (0s)", "waiting for the API server (2s)");
    }

    @Test
    void givesUpAfterTheTimeoutNamingWhatItWaitedFor() {
        TickingContext ctx = new TickingContext();

        assertThatThrownBy(() -> Waits.until(ctx, "the API server", Duration.ofSeconds(10), Duration.ofSeconds(3), Optional::empty))
                .isInstanceOf(Waits.TimedOut.class)
                .hasMessage("gave up waiting for the API server after 10s");
    }
}
