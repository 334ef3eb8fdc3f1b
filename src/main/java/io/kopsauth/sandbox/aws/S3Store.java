package io.kopsauth.sandbox.aws;

import io.kopsauth.json.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * S3's persisted state: per bucket a {@code bucket.json} (configuration, written atomically), an append-only
 * {@code index.log} of version additions and removals (replayed on start, compacted when mostly garbage), and one
 * file per object version body under {@code objects/}. Deleting thousands of versions appends lines and removes
 * files; nothing large is rewritten per request.
 */
final class S3Store {

    /** One object version or delete marker. */
    record Version(String key, String versionId, String blob, String etag, long size, String lastModified,
                   Map<String, String> headers, boolean deleteMarker) {
        Map<String, Object> toJson() {
            return Json.obj("key", key, "versionId", versionId, "blob", blob, "etag", etag, "size", size,
                    "lastModified", lastModified, "headers", headers, "deleteMarker", deleteMarker);
        }

        static Version fromJson(Map<?, ?> m) {
            Map<String, String> h = new LinkedHashMap<>();
            Object hm = m.get("headers");
            if (hm instanceof Map<?, ?> mm) mm.forEach((k, v) -> h.put(k.toString(), v.toString()));
            return new Version((String) m.get("key"), (String) m.get("versionId"), (String) m.get("blob"),
                    (String) m.get("etag"), m.get("size") == null ? 0 : ((Number) m.get("size")).longValue(),
                    (String) m.get("lastModified"), h, Boolean.TRUE.equals(m.get("deleteMarker")));
        }
    }

    /** A bucket: its configuration and its versions (per key, newest first). */
    static final class Bucket {
        final String name;
        final Path dir;
        String account;
        String region;
        String created;
        String versioning;
        Map<String, Object> encryption;
        Map<String, Object> publicAccessBlock;
        Map<String, String> tags;
        final TreeMap<String, List<Version>> objects = new TreeMap<>();
        int versionCount;
        BufferedWriter log;
        long logLines;

        Bucket(String name, Path dir) {
            this.name = name;
            this.dir = dir;
        }

        /** The newest version of a key, or null. */
        Version latest(String key) {
            List<Version> l = objects.get(key);
            return l == null || l.isEmpty() ? null : l.get(0);
        }

        /** The current object (the newest version unless that is a delete marker), or null. */
        Version current(String key) {
            Version v = latest(key);
            return v == null || v.deleteMarker() ? null : v;
        }

        Version version(String key, String versionId) {
            List<Version> l = objects.get(key);
            if (l == null) return null;
            for (Version v : l) if (v.versionId().equals(versionId)) return v;
            return null;
        }
    }

    private final Path root;
    private final Map<String, Bucket> buckets = new TreeMap<>();
    private final AtomicLong blobSeq = new AtomicLong(System.currentTimeMillis() * 1000);

    S3Store(Path root) {
        this.root = root;
        load();
    }

    Map<String, Bucket> buckets() {
        return buckets;
    }

    Bucket bucket(String name) {
        return buckets.get(name);
    }

    Bucket create(String name, String account, String region, String created) {
        Bucket b = new Bucket(name, root.resolve(name));
        b.account = account;
        b.region = region;
        b.created = created;
        buckets.put(name, b);
        saveConfig(b);
        return b;
    }

    void saveConfig(Bucket b) {
        StateFiles.writeJson(b.dir.resolve("bucket.json"), Json.obj("name", b.name, "account", b.account, "region", b.region,
                "created", b.created, "versioning", b.versioning, "encryption", b.encryption,
                "publicAccessBlock", b.publicAccessBlock, "tags", b.tags));
    }

    void delete(Bucket b) {
        closeLog(b);
        buckets.remove(b.name);
        StateFiles.deleteTree(b.dir);
    }

    /** Stores a body and returns its blob name. */
    String writeBlob(Bucket b, byte[] data) {
        String blob = Long.toString(blobSeq.incrementAndGet(), 36);
        StateFiles.write(b.dir.resolve("objects").resolve(blob), data);
        return blob;
    }

    byte[] readBlob(Bucket b, Version v) {
        try {
            return Files.readAllBytes(b.dir.resolve("objects").resolve(v.blob()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds a version as the newest of its key; a "null" version replaces the key's previous "null" version. */
    void add(Bucket b, Version v) {
        if (v.versionId().equals("null")) removeInMemory(b, v.key(), "null", true);
        b.objects.computeIfAbsent(v.key(), k -> new ArrayList<>()).add(0, v);
        b.versionCount++;
        append(b, Json.obj("op", "put", "v", v.toJson()));
    }

    /** Removes one version (and its body); returns it, or null if there was none. */
    Version remove(Bucket b, String key, String versionId) {
        Version v = removeInMemory(b, key, versionId, true);
        if (v != null) append(b, Json.obj("op", "rm", "key", key, "versionId", versionId));
        return v;
    }

    private Version removeInMemory(Bucket b, String key, String versionId, boolean deleteBlob) {
        List<Version> l = b.objects.get(key);
        if (l == null) return null;
        for (int i = 0; i < l.size(); i++) {
            Version v = l.get(i);
            if (v.versionId().equals(versionId)) {
                l.remove(i);
                if (l.isEmpty()) b.objects.remove(key);
                b.versionCount--;
                if (deleteBlob && v.blob() != null) {
                    try {
                        Files.deleteIfExists(b.dir.resolve("objects").resolve(v.blob()));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return v;
            }
        }
        return null;
    }

    /** Flushes the index logs written during a request. */
    void flush() {
        for (Bucket b : buckets.values()) {
            if (b.log != null) {
                try {
                    b.log.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private void append(Bucket b, Object entry) {
        try {
            if (b.log == null) {
                Files.createDirectories(b.dir);
                b.log = Files.newBufferedWriter(b.dir.resolve("index.log"), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            b.log.write(Json.write(entry));
            b.log.write('\n');
            b.logLines++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeLog(Bucket b) {
        if (b.log != null) {
            try {
                b.log.close();
            } catch (IOException ignored) {
                // The bucket directory is being removed.
            }
            b.log = null;
        }
    }

    void close() {
        flush();
        for (Bucket b : buckets.values()) closeLog(b);
    }

    /** Forgets every bucket (sandbox reset). */
    void reset() {
        for (Bucket b : new ArrayList<>(buckets.values())) delete(b);
        StateFiles.deleteTree(root);
    }

    @SuppressWarnings("unchecked")
    private void load() {
        if (!Files.isDirectory(root)) return;
        try (var dirs = Files.list(root)) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                Map<String, Object> c = StateFiles.readJson(d.resolve("bucket.json"));
                if (c == null) continue;
                Bucket b = new Bucket((String) c.get("name"), d);
                b.account = (String) c.get("account");
                b.region = (String) c.get("region");
                b.created = (String) c.get("created");
                b.versioning = (String) c.get("versioning");
                b.encryption = (Map<String, Object>) c.get("encryption");
                b.publicAccessBlock = (Map<String, Object>) c.get("publicAccessBlock");
                if (c.get("tags") != null) {
                    b.tags = new LinkedHashMap<>();
                    ((Map<?, ?>) c.get("tags")).forEach((k, v) -> b.tags.put(k.toString(), v.toString()));
                }
                Path log = d.resolve("index.log");
                long lines = 0;
                if (Files.isRegularFile(log)) {
                    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                        if (line.isBlank()) continue;
                        Map<String, Object> e;
                        try {
                            e = Json.parseObject(line);
                        } catch (Json.JsonException torn) {
                            continue; // a line torn by a crash mid-write
                        }
                        lines++;
                        if ("put".equals(e.get("op"))) {
                            Version v = Version.fromJson((Map<?, ?>) e.get("v"));
                            if (v.versionId().equals("null")) removeInMemory(b, v.key(), "null", false);
                            b.objects.computeIfAbsent(v.key(), k -> new ArrayList<>()).add(0, v);
                            b.versionCount++;
                        } else {
                            removeInMemory(b, (String) e.get("key"), (String) e.get("versionId"), false);
                        }
                    }
                }
                buckets.put(b.name, b);
                if (lines > 2L * b.versionCount + 100) compact(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load S3 state from " + root, e);
        }
    }

    private void compact(Bucket b) {
        StringBuilder sb = new StringBuilder();
        for (List<Version> l : b.objects.values()) {
            for (int i = l.size() - 1; i >= 0; i--) sb.append(Json.write(Json.obj("op", "put", "v", l.get(i).toJson()))).append('\n');
        }
        StateFiles.write(b.dir.resolve("index.log"), sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
