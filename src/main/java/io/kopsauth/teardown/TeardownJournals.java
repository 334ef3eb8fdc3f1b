package io.kopsauth.teardown;

import io.kopsauth.aws.StateBuckets;
import io.kopsauth.setup.S3JournalMirror;
import io.kopsauth.setup.SetupRuns;
import io.kopsauth.setup.StateStores;
import io.kopsauth.workflow.FileJournal;
import io.kopsauth.workflow.RunState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Where teardown finds a cluster's journal (the local one, else the copy setup mirrored to the state store) and
 * where it leaves it when done: {@code <clusters>/<name>/history/journal-<time>.json}.
 */
public final class TeardownJournals {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private final FileJournal files;

    public TeardownJournals(FileJournal files) {
        this.files = files;
    }

    /** The local journal of {@code cluster}, if any. */
    public Optional<RunState> local(String cluster) {
        return files.load(cluster);
    }

    /** The journal setup mirrored to {@code s3://<bucket of store>/<cluster>/kopsauth/journal.json}, if any. */
    public static Optional<RunState> fromStateStore(StateBuckets buckets, String store, String cluster) {
        String bucket = StateStores.bucket(store).orElseThrow(() -> new IllegalArgumentException("not an S3 state store: " + store));
        return buckets.getObject(bucket, S3JournalMirror.keys(cluster).get(0)).map(RunState::fromJsonText);
    }

    /** Marks the journal torn down, saves it, and moves it to the history folder; returns where it went. */
    public Path archive(RunState state, Instant now) {
        String cluster = state.cluster().orElseThrow();
        state.status(SetupRuns.TORN_DOWN, now);
        files.save(state);
        Path file = files.file(cluster);
        Path history = file.resolveSibling("history");
        try {
            Files.createDirectories(history);
            Path to = history.resolve("journal-" + STAMP.format(now) + ".json");
            for (int i = 2; Files.exists(to); i++) to = history.resolve("journal-" + STAMP.format(now) + "-" + i + ".json");
            Files.move(file, to);
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException("could not archive the journal " + file + ": " + e.getMessage(), e);
        }
    }
}
