package io.kopsauth.kube;

import io.kopsauth.cli.CliException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One kubeconfig file, changed as a transaction: take a lock ({@code <file>.kopsauth-lock} with
 * {@link FileChannel#tryLock}, released by the OS even if we are killed), read, change, back up the old file
 * ({@code <file>.kopsauth-backup-<time>}, mode 0600, the newest five kept), write a temporary file with mode 0600
 * and atomically rename it over the original. A symlinked kubeconfig is edited at its target.
 */
public final class KubeconfigFile {
    /** How many backups of a kubeconfig are kept; older ones are deleted after each successful write. */
    public static final int KEEP_BACKUPS = 5;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);
    private final Path path;
    private final Clock clock;

    public KubeconfigFile(Path path, Clock clock) {
        this.path = path.toAbsolutePath();
        this.clock = clock;
    }

    public Path path() {
        return path;
    }

    /** Reads the file; a missing or empty file reads as an empty kubeconfig. */
    public Kubeconfig read() {
        try {
            Path p = target();
            if (!Files.exists(p)) return Kubeconfig.empty();
            return Kubeconfig.parse(Files.readString(p, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + path + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof CliException) throw e;
            throw CliException.failed("the kubeconfig " + path + " is not valid YAML: " + e.getMessage(),
                    "fix or move the file, or pass --kubeconfig FILE to use another one");
        }
    }

    /** What a transaction did: the backup of the previous file (null if there was none). */
    public record Edit(Path backup) {}

    /** Applies {@code change} to the file as one transaction (see the class comment). */
    public Edit edit(Consumer<Kubeconfig> change) {
        Path file = target();
        try {
            Files.createDirectories(file.getParent());
            Path lockFile = file.resolveSibling(file.getFileName() + ".kopsauth-lock");
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock lock;
                try {
                    lock = ch.tryLock();
                } catch (java.nio.channels.OverlappingFileLockException e) {
                    lock = null; // held by this very process (another thread)
                }
                if (lock == null) {
                    throw CliException.failed("the kubeconfig " + file + " is being changed by another kopsauth process (lock "
                            + lockFile + " is held)", "wait for the other run to finish, then re-run the same command");
                }
                try {
                    Kubeconfig kc = read();
                    change.accept(kc);
                    Path backup = null;
                    if (Files.exists(file)) {
                        backup = file.resolveSibling(backupPrefix(file) + STAMP.format(clock.instant()));
                        Files.copy(file, backup, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                        // It holds credentials as the file does: readable by its owner only, whatever the original's mode.
                        Files.setPosixFilePermissions(backup, PosixFilePermissions.fromString("rw-------"));
                    }
                    Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName() + "-", ".tmp",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    try {
                        Files.writeString(tmp, kc.write(), StandardCharsets.UTF_8);
                        try {
                            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                        } catch (AtomicMoveNotSupportedException e) {
                            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                        }
                    } finally {
                        Files.deleteIfExists(tmp);
                    }
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                    pruneBackups(file);
                    return new Edit(backup);
                } finally {
                    lock.release();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String backupPrefix(Path file) {
        return file.getFileName() + ".kopsauth-backup-";
    }

    /** Deletes all but the newest {@link #KEEP_BACKUPS} backups of {@code file} (their names sort by time). */
    private static void pruneBackups(Path file) throws IOException {
        String prefix = backupPrefix(file);
        List<Path> backups;
        try (Stream<Path> siblings = Files.list(file.getParent())) {
            backups = siblings.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted(Comparator.reverseOrder()).toList();
        }
        for (Path old : backups.subList(Math.min(KEEP_BACKUPS, backups.size()), backups.size())) Files.deleteIfExists(old);
    }

    private Path target() {
        try {
            return Files.isSymbolicLink(path) ? path.toRealPath() : path;
        } catch (IOException e) {
            return path;
        }
    }
}
