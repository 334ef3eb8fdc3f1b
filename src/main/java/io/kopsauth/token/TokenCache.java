package io.kopsauth.token;

import io.kopsauth.json.Json;
import io.kopsauth.sigv4.SigV4;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The token cache of {@code kopsauth token} ({@code ~/.kube/cache/kopsauth/}): one small JSON file per request
 * and environment, holding a token (never credentials), reused until one minute before it expires. The
 * directory is 0700, files 0600, written to a temporary name and renamed so concurrent kubectl calls never read
 * half a file. Any problem reading the cache is a miss; a problem writing it is ignored.
 */
public final class TokenCache {
    /** A cached token is handed out only while it has at least this long to live. */
    public static final Duration MARGIN = Duration.ofMinutes(1);
    private static final String FORMAT = "1";
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");

    private final Path dir;

    public TokenCache(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /**
     * The cache key: the request and every environment input that changes the token (profile, region, endpoint,
     * access key id from the environment, and the size and time of the AWS config and credentials files, which
     * stand for the profile's region, endpoint and keys without parsing them).
     */
    public static Map<String, Object> key(TokenRequest r, Map<String, String> env) {
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("format", FORMAT);
        k.put("clusterId", r.clusterId());
        k.put("role", nz(r.roleArn()));
        k.put("externalId", nz(r.externalId()));
        k.put("session", r.sessionChoice());
        k.put("profile", nz(first(r.profile(), env.get("AWS_PROFILE"), env.get("AWS_DEFAULT_PROFILE"))));
        k.put("region", nz(first(r.region(), env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"))));
        k.put("endpoint", nz(first(env.get("AWS_ENDPOINT_URL_STS"), env.get("AWS_ENDPOINT_URL"))));
        k.put("accessKeyId", nz(env.get("AWS_ACCESS_KEY_ID")));
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        k.put("config", fingerprint(Path.of(nz(first(env.get("AWS_CONFIG_FILE"), home + "/.aws/config")))));
        k.put("credentials", fingerprint(Path.of(nz(first(env.get("AWS_SHARED_CREDENTIALS_FILE"), home + "/.aws/credentials")))));
        return k;
    }

    /** The cached token for this key if it is still good at {@code now}. */
    public Optional<Token> get(Map<String, Object> key, Instant now) {
        try {
            Map<String, Object> entry = Json.parseObject(Files.readString(file(key), StandardCharsets.UTF_8));
            if (!Json.write(entry.get("key")).equals(Json.write(key))) return Optional.empty();
            Token t = new Token((String) entry.get("token"), Instant.parse((String) entry.get("expiration")));
            boolean fresh = now.isBefore(t.expiration().minus(MARGIN));
            // A token from the "future" (the clock was set back) is not trusted either.
            boolean plausible = !t.expiration().isAfter(now.plus(StsPresigner.LIFETIME));
            return fresh && plausible && t.value() != null ? Optional.of(t) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Stores a token atomically; removes entries that can no longer be valid. */
    public void put(Map<String, Object> key, Token token, Instant now) throws IOException {
        ensureDir();
        String body = Json.write(Json.obj("key", key, "expiration", token.expiration().toString(), "token", token.value()));
        Path tmp = Files.createTempFile(dir, ".tmp-", ".json", attrs(FILE_MODE));
        try {
            Files.writeString(tmp, body, StandardCharsets.UTF_8);
            Files.move(tmp, file(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        prune(now);
    }

    Path file(Map<String, Object> key) {
        return dir.resolve(SigV4.sha256Hex(Json.write(key)).substring(0, 32) + ".json");
    }

    private void ensureDir() throws IOException {
        try {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(dir, attrs(DIR_MODE));
        } catch (FileAlreadyExistsException exists) {
            if (posix()) Files.setPosixFilePermissions(dir, DIR_MODE);
        }
    }

    /** Deletes entries (and stray temporary files) older than a token can live. */
    private void prune(Instant now) {
        Instant cutoff = now.minus(PresignedUrlChecks.VALIDITY);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                if (Files.getLastModifiedTime(f).toInstant().isBefore(cutoff)) Files.deleteIfExists(f);
            }
        } catch (IOException | RuntimeException ignored) {
            // Pruning is housekeeping; a failure leaves a few stale files behind.
        }
    }

    private boolean posix() {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private FileAttribute<?>[] attrs(Set<PosixFilePermission> mode) {
        return posix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)} : new FileAttribute<?>[0];
    }

    private static String fingerprint(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return p + "|" + a.size() + "|" + a.lastModifiedTime().toMillis();
        } catch (IOException e) {
            return p + "|absent";
        }
    }

    private static String first(String... vs) {
        for (String v : vs) if (v != null && !v.isBlank()) return v;
        return null;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
