package io.kopsauth.workflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The local journal: {@code <clusters dir>/<cluster>/journal.json}, written to a temporary file in the same
 * directory and atomically renamed over the old one, so a crash leaves either the old or the new journal.
 */
public final class FileJournal implements Journal {
    public static final String FILE = "journal.json";
    private final Path clustersDir;

    public FileJournal(Path clustersDir) {
        this.clustersDir = clustersDir;
    }

    /** The journal file of a cluster. */
    public Path file(String cluster) {
        return clustersDir.resolve(cluster).resolve(FILE);
    }

    @Override
    public synchronized void save(RunState state) {
        Optional<String> cluster = state.cluster();
        if (cluster.isEmpty()) return;
        Path file = file(cluster.get());
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".journal-", ".tmp");
            try {
                Files.writeString(tmp, state.toJsonText(), StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the journal " + file + ": " + e.getMessage(), e);
        }
    }

    /** The journal of {@code cluster}, if there is one. */
    public Optional<RunState> load(String cluster) {
        Path file = file(cluster);
        if (!Files.isRegularFile(file)) return Optional.empty();
        try {
            return Optional.of(RunState.fromJsonText(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the journal " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the journal " + file + " is damaged (" + e.getMessage()
                    + "); move it away to start afresh", e);
        }
    }

    /** Every readable journal, most recently updated first. */
    public List<RunState> all() {
        List<RunState> out = new ArrayList<>();
        if (!Files.isDirectory(clustersDir)) return out;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(clustersDir)) {
            for (Path dir : ds) {
                if (Files.isRegularFile(dir.resolve(FILE))) load(dir.getFileName().toString()).ifPresent(out::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(Comparator.comparing(RunState::updated).reversed());
        return out;
    }
}
