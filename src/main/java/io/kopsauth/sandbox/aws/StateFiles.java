package io.kopsauth.sandbox.aws;

import io.kopsauth.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/** Atomic state-file writes (temp file + rename) and JSON reads for the emulator's persisted state. */
public final class StateFiles {
    private StateFiles() {}

    /** Writes {@code data} to {@code file} through a temporary sibling and an atomic rename. */
    public static void write(Path file, byte[] data) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp-" + Thread.currentThread().getId());
            Files.write(tmp, data);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public static void writeJson(Path file, Object value) {
        write(file, (Json.pretty(value) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The JSON object in {@code file}, or null if the file does not exist. */
    public static Map<String, Object> readJson(Path file) {
        if (!Files.isRegularFile(file)) return null;
        try {
            return Json.parseObject(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Deletes a file tree if it exists. */
    public static void deleteTree(Path root) {
        if (!Files.exists(root)) return;
        try (var walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
