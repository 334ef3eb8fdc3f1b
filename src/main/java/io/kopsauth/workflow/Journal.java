package io.kopsauth.workflow;

import java.util.List;

/**
 * Where a run's state is persisted: saved atomically after every step and at every checkpoint. Closing
 * releases whatever the journal holds (the S3 lock).
 */
public interface Journal extends AutoCloseable {

    /** Persists the state; a state whose cluster is not yet chosen has nothing to persist and is ignored. */
    void save(RunState state);

    @Override
    default void close() {
    }

    /** The journal of a dry run: nothing is written. */
    Journal NONE = state -> { };

    /** Saves to each journal in order; closes them in reverse order. */
    static Journal all(Journal... journals) {
        List<Journal> js = List.of(journals);
        return new Journal() {
            @Override
            public void save(RunState state) {
                for (Journal j : js) j.save(state);
            }

            @Override
            public void close() {
                RuntimeException first = null;
                for (int i = js.size() - 1; i >= 0; i--) {
                    try {
                        js.get(i).close();
                    } catch (RuntimeException e) {
                        if (first == null) first = e;
                    }
                }
                if (first != null) throw first;
            }
        };
    }
}
