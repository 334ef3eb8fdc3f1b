package io.kopsauth.exec;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds programs on a PATH string. Java's ProcessBuilder searches the parent's PATH, not the child's, so a
 * PATH that kopsauth sets for a child (e.g. the sandbox's kops simulator first) must be resolved here.
 */
public final class Executables {
    private Executables() {}

    /** The first executable file named {@code program} on {@code path}; names containing '/' are taken as is. */
    public static Optional<Path> find(String program, String path) {
        if (program.contains("/")) {
            Path p = Path.of(program);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p.toAbsolutePath()) : Optional.empty();
        }
        if (path == null) return Optional.empty();
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p.toAbsolutePath());
        }
        return Optional.empty();
    }
}
