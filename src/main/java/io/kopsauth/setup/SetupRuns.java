package io.kopsauth.setup;

import io.kopsauth.workflow.FileJournal;
import io.kopsauth.workflow.RunState;
import java.time.Instant;
import java.util.Optional;

/**
 * Which run a {@code setup} continues: the journal of {@code --name} if it has one; without {@code --name}, the
 * most recent setup journal that teardown has not finished (so a re-run after a crash reuses the random name);
 * otherwise a new run.
 */
public final class SetupRuns {
    /** The journal status teardown leaves when everything is gone. */
    public static final String TORN_DOWN = "torn-down";

    private SetupRuns() {}

    public static RunState resume(FileJournal journals, SetupInputs in, Instant now) {
        Optional<RunState> found = in.name() != null ? journals.load(in.name())
                : journals.all().stream().filter(s -> "setup".equals(s.plan()) && !TORN_DOWN.equals(s.status())).findFirst();
        RunState s = found.filter(st -> !TORN_DOWN.equals(st.status())).orElseGet(() -> new RunState("setup", now));
        s.inputs(in.forJournal());
        return s;
    }
}
