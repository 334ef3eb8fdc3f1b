package io.kopsauth.sandbox.kops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A kubeconfig as kops edits it: entries named after the cluster are replaced (others kept as they are),
 * current-context switched, the file written atomically with mode 0600.
 */
public final class KubeconfigFile {
    private final Path path;
    private final Map<String, Object> doc;

    private KubeconfigFile(Path path, Map<String, Object> doc) {
        this.path = path;
        this.doc = doc;
    }

    /** The file kops writes: {@code --kubeconfig}, else the first {@code KUBECONFIG} entry, else ~/.kube/config. */
    public static Path resolve(String flag, Map<String, String> env) {
        if (flag != null && !flag.isEmpty()) return Path.of(flag);
        String kc = env.get("KUBECONFIG");
        if (kc != null && !kc.isEmpty()) return Path.of(kc.split(java.io.File.pathSeparator)[0]);
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".kube", "config");
    }

    public static KubeconfigFile load(Path path) {
        Map<String, Object> doc = new LinkedHashMap<>();
        try {
            if (Files.isRegularFile(path) && Files.size(path) > 0) {
                List<Map<String, Object>> all = ClusterSpecs.parseAll(Files.readString(path));
                if (!all.isEmpty()) doc = all.get(0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        doc.putIfAbsent("apiVersion", "v1");
        doc.putIfAbsent("kind", "Config");
        for (String k : List.of("clusters", "contexts", "users")) if (!(doc.get(k) instanceof List)) doc.put(k, new ArrayList<>());
        doc.putIfAbsent("preferences", new LinkedHashMap<>());
        return new KubeconfigFile(path, doc);
    }

    public String currentContext() {
        Object c = doc.get("current-context");
        return c == null ? "" : String.valueOf(c);
    }

    private List<Object> entries(String kind) {
        return ClusterSpecs.list(doc.get(kind));
    }

    private void put(String kind, String name, String field, Map<String, Object> value) {
        List<Object> l = entries(kind);
        l.removeIf(e -> name.equals(ClusterSpecs.map(e).get("name")));
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", name);
        e.put(field, value);
        l.add(e);
        doc.put(kind, l);
    }

    /** Sets cluster, context and (with a token) user named {@code name}, and switches to that context. */
    public void setCluster(String name, String server, String caData, String token) {
        Map<String, Object> cluster = new LinkedHashMap<>();
        cluster.put("certificate-authority-data", caData);
        cluster.put("server", server);
        put("clusters", name, "cluster", cluster);
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("cluster", name);
        if (token != null) {
            put("users", name, "user", new LinkedHashMap<>(Map.of("token", token)));
            ctx.put("user", name);
        }
        put("contexts", name, "context", ctx);
        doc.put("current-context", name);
    }

    /** Points the context {@code name} at an existing user entry (kops export kubeconfig --user). */
    public void useUser(String name, String user) {
        for (Object e : entries("contexts")) {
            if (name.equals(ClusterSpecs.map(e).get("name"))) ClusterSpecs.map(ClusterSpecs.map(e).get("context")).put("user", user);
        }
    }

    /** Removes the entries named {@code name}; true if anything was there. */
    public boolean remove(String name) {
        boolean any = false;
        for (String kind : List.of("clusters", "contexts", "users")) {
            List<Object> l = entries(kind);
            any |= l.removeIf(e -> name.equals(ClusterSpecs.map(e).get("name")));
        }
        if (name.equals(doc.get("current-context"))) doc.put("current-context", "");
        return any;
    }

    public void save() {
        try {
            if (path.getParent() != null) Files.createDirectories(path.getParent());
            Path tmp = path.resolveSibling(path.getFileName() + ".kops-tmp");
            Files.writeString(tmp, ClusterSpecs.yamlIo().dump(doc), StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // Not a POSIX file system.
            }
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
