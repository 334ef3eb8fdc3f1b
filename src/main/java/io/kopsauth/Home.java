package io.kopsauth;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where kopsauth keeps its files: {@code $KOPSAUTH_HOME}, else {@code ~/.kopsauth}. Journals live under
 * {@code clusters/<name>/}, per-run logs under {@code logs/}, the sandbox under {@code sandbox/}.
 */
public record Home(Path root, Path userHome) {

    public static Home from(Map<String, String> env) {
        Path userHome = Path.of(env.getOrDefault("HOME", System.getProperty("user.home")));
        String h = env.get("KOPSAUTH_HOME");
        Path root = (h != null && !h.isBlank()) ? Path.of(h) : userHome.resolve(".kopsauth");
        return new Home(root.toAbsolutePath(), userHome.toAbsolutePath());
    }

    public Path clusters() {
        return root.resolve("clusters");
    }

    public Path cluster(String name) {
        return clusters().resolve(name);
    }

    public Path logs() {
        return root.resolve("logs");
    }

    public Path sandbox() {
        return root.resolve("sandbox");
    }

    /** The default kubeconfig ({@code ~/.kube/config}). */
    public Path defaultKubeconfig() {
        return userHome.resolve(".kube").resolve("config");
    }

    /** The token cache of {@code kopsauth token}. */
    public Path tokenCache() {
        return userHome.resolve(".kube").resolve("cache").resolve("kopsauth");
    }
}
