package io.kopsauth.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cache first, the credential source only on a miss (and not even created on a hit), golden keys end to end. */
class TokenIssuerTest {
    @TempDir
    Path tmp;

    /** Hands out the golden vector's keys and records each request. */
    static final class FakeCredentialSource implements CredentialSource {
        final List<TokenRequest> calls = new ArrayList<>();

        @Override
        public Signing resolve(TokenRequest request) {
            calls.add(request);
            return new Signing("us-west-2", null, StsPresignerTest.GOLDEN_KEYS);
        }
    }

    @Test
    void signsTheGoldenTokenOnAMissAndServesItFromTheCacheAfterwards() {
        FakeCredentialSource source = new FakeCredentialSource();
        int[] created = {0};
        TokenCache cache = new TokenCache(tmp.resolve("cache"));
        Clock golden = Clock.fixed(StsPresignerTest.GOLDEN_TIME, ZoneOffset.UTC);
        TokenRequest req = new TokenRequest("test-cluster", null, "us-west-2", null, null, false, null);
        Map<String, String> env = Map.of("HOME", tmp.toString());

        Token first = new TokenIssuer(cache, () -> { created[0]++; return source; }, golden).issue(req, env);
        assertThat(first.value()).isEqualTo(StsPresignerTest.GOLDEN_TOKEN);
        assertThat(first.expiration()).isEqualTo(Instant.parse("2023-04-28T00:14:00Z"));

        Clock later = Clock.fixed(StsPresignerTest.GOLDEN_TIME.plusSeconds(600), ZoneOffset.UTC);
        Token second = new TokenIssuer(cache, () -> { created[0]++; return source; }, later).issue(req, env);
        assertThat(second).isEqualTo(first);
        assertThat(created[0]).isEqualTo(1);
        assertThat(source.calls).hasSize(1);

        Clock tooLate = Clock.fixed(StsPresignerTest.GOLDEN_TIME.plusSeconds(13 * 60), ZoneOffset.UTC);
        Token third = new TokenIssuer(cache, () -> source, tooLate).issue(req, env);
        assertThat(third.value()).isNotEqualTo(first.value());
        assertThat(source.calls).hasSize(2);
    }

    @Test
    void withoutACacheEveryCallSigns() {
        FakeCredentialSource source = new FakeCredentialSource();
        Clock golden = Clock.fixed(StsPresignerTest.GOLDEN_TIME, ZoneOffset.UTC);
        TokenRequest req = new TokenRequest("test-cluster", null, null, null, null, false, null);
        TokenIssuer issuer = new TokenIssuer(null, () -> source, golden);
        issuer.issue(req, Map.of("HOME", tmp.toString()));
        issuer.issue(req, Map.of("HOME", tmp.toString()));
        assertThat(source.calls).hasSize(2);
        assertThat(tmp.resolve("cache")).doesNotExist();
    }

    @Test
    void anUnwritableCacheDoesNotFailTheToken() throws Exception {
        java.nio.file.Files.writeString(tmp.resolve("file"), "x");
        TokenCache cache = new TokenCache(tmp.resolve("file").resolve("cache"));
        Token t = new TokenIssuer(cache, FakeCredentialSource::new, Clock.fixed(StsPresignerTest.GOLDEN_TIME, ZoneOffset.UTC))
                .issue(new TokenRequest("test-cluster", null, null, null, null, false, null), Map.of("HOME", tmp.toString()));
        assertThat(t.value()).isEqualTo(StsPresignerTest.GOLDEN_TOKEN);
    }
}
