package io.kopsauth.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under {@code src/test/resources/golden/}: compares output with the stored file, or rewrites the
 * file when run with {@code -Dgolden.update=true} (then review the diff with git, as kops does).
 */
public final class Golden {
    private Golden() {}

    public static void assertMatches(String relativePath, String actual) {
        Path file = root().resolve(relativePath);
        try {
            if (Boolean.getBoolean("golden.update")) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                return;
            }
            assertThat(file).as("golden file %s (run with -Dgolden.update=true to create it)", file).exists();
            assertThat(actual).as("golden file %s (-Dgolden.update=true regenerates it; review the diff)", file)
                    .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path root() {
        String project = System.getProperty("kopsauth.project", System.getProperty("user.dir"));
        return Path.of(project, "src", "test", "resources", "golden");
    }
}
