package io.kopsauth.token;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Hands out a token for a request: from the cache when one is still good (touching nothing but the cache file),
 * else signs a new one with keys from the {@link CredentialSource} and caches it.
 */
public final class TokenIssuer {
    private final TokenCache cache;
    private final Supplier<CredentialSource> source;
    private final Clock clock;

    /**
     * @param cache  the cache, or null to neither read nor write one ({@code --no-cache})
     * @param source creates the credential source on a miss (so that a hit loads none of it)
     * @param clock  the signing clock
     */
    public TokenIssuer(TokenCache cache, Supplier<CredentialSource> source, Clock clock) {
        this.cache = cache;
        this.source = source;
        this.clock = clock;
    }

    /** A token for the request; {@code env} is the environment the request is resolved in (for the cache key). */
    public Token issue(TokenRequest request, Map<String, String> env) {
        Map<String, Object> key = cache == null ? null : TokenCache.key(request, env);
        if (cache != null) {
            Optional<Token> hit = cache.get(key, clock.instant());
            if (hit.isPresent()) return hit.get();
        }
        CredentialSource.Signing s = source.get().resolve(request);
        Token token = StsPresigner.token(request.clusterId(), s.region(), StsPresigner.endpoint(s.region(), s.stsOverride()),
                s.credentials(), clock.instant());
        if (cache != null) {
            try {
                cache.put(key, token, clock.instant());
            } catch (IOException | RuntimeException e) {
                // A cache that cannot be written costs speed, not correctness.
            }
        }
        return token;
    }
}
