package io.kopsauth.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token cache: hit, miss, expiry margin, what the key depends on, file modes, corrupt files. */
class TokenCacheTest {
    @TempDir
    Path tmp;
    static final Instant T0 = Instant.parse("2026-07-14T12:00:00Z");
    static final TokenRequest REQ = new TokenRequest("demo.k8s.local", null, "us-west-1", null, null, false, null);

    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", tmp.toString());
        env.put("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE");
        return env;
    }

    TokenCache cache() {
        return new TokenCache(tmp.resolve(".kube/cache/kopsauth"));
    }

    @Test
    void hitUntilOneMinuteBeforeExpiry() throws Exception {
        TokenCache c = cache();
        var key = TokenCache.key(REQ, env());
        assertThat(c.get(key, T0)).isEmpty();
        Token t = new Token("k8s-aws-v1.abc", T0.plusSeconds(14 * 60));
        c.put(key, t, T0);
        assertThat(c.get(key, T0)).contains(t);
        assertThat(c.get(key, T0.plusSeconds(12 * 60 + 59))).contains(t);
        assertThat(c.get(key, T0.plusSeconds(13 * 60))).isEmpty();
        assertThat(c.get(key, T0.plusSeconds(20 * 60))).isEmpty();
        // A clock set back by more than a token's lifetime does not trust an entry "from the future".
        assertThat(c.get(key, T0.minusSeconds(60))).isEmpty();
    }

    @Test
    void directoryAndFilesArePrivateAndNoTempFilesRemain() throws Exception {
        TokenCache c = cache();
        c.put(TokenCache.key(REQ, env()), new Token("k8s-aws-v1.abc", T0.plusSeconds(840)), T0);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(c.dir()))).isEqualTo("rwx------");
        try (var files = Files.list(c.dir())) {
            assertThat(files.toList()).singleElement().satisfies(f -> {
                assertThat(f.getFileName().toString()).doesNotStartWith(".tmp-").endsWith(".json");
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
            });
        }
    }

    @Test
    void tightensAnExistingDirectory() throws Exception {
        TokenCache c = cache();
        Files.createDirectories(c.dir());
        Files.setPosixFilePermissions(c.dir(), PosixFilePermissions.fromString("rwxr-xr-x"));
        c.put(TokenCache.key(REQ, env()), new Token("k8s-aws-v1.abc", T0.plusSeconds(840)), T0);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(c.dir()))).isEqualTo("rwx------");
    }

    @Test
    void keyDependsOnEveryInputThatChangesTheToken() throws Exception {
        var base = TokenCache.key(REQ, env());
        assertThat(TokenCache.key(REQ, env())).isEqualTo(base);
        assertThat(TokenCache.key(new TokenRequest("other", null, "us-west-1", null, null, false, null), env())).isNotEqualTo(base);
        assertThat(TokenCache.key(new TokenRequest("demo.k8s.local", "arn:aws:iam::1:role/A", "us-west-1", null, null, false, null), env())).isNotEqualTo(base);
        assertThat(TokenCache.key(new TokenRequest("demo.k8s.local", null, "eu-west-1", null, null, false, null), env())).isNotEqualTo(base);
        assertThat(TokenCache.key(new TokenRequest("demo.k8s.local", null, "us-west-1", "dev", null, false, null), env())).isNotEqualTo(base);
        assertThat(TokenCache.key(new TokenRequest("demo.k8s.local", null, "us-west-1", null, "s", false, null), env())).isNotEqualTo(base);
        assertThat(TokenCache.key(new TokenRequest("demo.k8s.local", null, "us-west-1", null, null, true, null), env())).isNotEqualTo(base);
        assertThat(TokenCache.key(new TokenRequest("demo.k8s.local", null, "us-west-1", null, null, false, "x"), env())).isNotEqualTo(base);
        for (String var : new String[] {"AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_STS", "AWS_ACCESS_KEY_ID"}) {
            Map<String, String> e = env();
            e.put(var, "changed");
            assertThat(TokenCache.key(REQ, e)).as(var).isNotEqualTo(base);
        }
        // Writing the AWS config or credentials file (aws configure, a new region or endpoint_url) invalidates.
        Files.createDirectories(tmp.resolve(".aws"));
        Files.writeString(tmp.resolve(".aws/config"), "[default]\nregion = eu-west-1\n");
        assertThat(TokenCache.key(REQ, env())).isNotEqualTo(base);
        // The session token is a secret and not part of the key; the key holds no secret at all.
        Map<String, String> e = env();
        e.put("AWS_SESSION_TOKEN", "secret-session");
        e.put("AWS_SECRET_ACCESS_KEY", "secret-key");
        assertThat(TokenCache.key(REQ, e).toString()).doesNotContain("secret");
    }

    @Test
    void corruptOrForeignEntriesAreMisses() throws Exception {
        TokenCache c = cache();
        var key = TokenCache.key(REQ, env());
        c.put(key, new Token("k8s-aws-v1.abc", T0.plusSeconds(840)), T0);
        Files.writeString(c.file(key), "{not json");
        assertThat(c.get(key, T0)).isEmpty();
        Files.writeString(c.file(key), "{\"key\":{\"clusterId\":\"other\"},\"expiration\":\"2026-07-14T12:14:00Z\",\"token\":\"t\"}");
        assertThat(c.get(key, T0)).isEmpty();
    }

    @Test
    void pruneRemovesEntriesThatCanNoLongerBeValid() throws Exception {
        TokenCache c = cache();
        var old = TokenCache.key(new TokenRequest("old", null, null, null, null, false, null), env());
        c.put(old, new Token("k8s-aws-v1.old", T0.plusSeconds(840)), T0);
        Files.setLastModifiedTime(c.file(old), java.nio.file.attribute.FileTime.from(T0.minusSeconds(3600)));
        c.put(TokenCache.key(REQ, env()), new Token("k8s-aws-v1.new", T0.plusSeconds(840)), T0);
        assertThat(c.file(old)).doesNotExist();
        assertThat(c.file(TokenCache.key(REQ, env()))).exists();
    }
}
