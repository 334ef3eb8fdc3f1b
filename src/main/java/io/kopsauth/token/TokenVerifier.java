package io.kopsauth.token;

import io.kopsauth.aws.Arns;
import io.kopsauth.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The aws-iam-authenticator's verifier (reference/authenticator.md §3.5), run locally: the local checks of
 * {@link PresignedUrlChecks}, then the presigned URL replayed against STS exactly as the server does (GET as is,
 * {@code x-k8s-aws-id: <cluster ID>} and {@code accept: application/json}, 10 s timeout, no redirects), then the
 * identity read from STS's JSON answer. Failures carry the authenticator's own messages.
 *
 * <p>With an STS endpoint configured (the sandbox), that endpoint's host is accepted too (http allowed there
 * only), and a token signed for a public STS host is sent to the configured endpoint with its original
 * {@code Host} header, so that tokens other tools made against the sandbox verify as well.
 */
public final class TokenVerifier {
    public static final String STS_ERROR = "sts getCallerIdentity failed: ";
    public static final String STS_THROTTLED = "sts getCallerIdentity was throttled: ";
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String clusterId;
    private final String partition;
    private final URI stsOverride;
    private final Clock clock;

    /**
     * @param clusterId   the server's cluster ID (sent as {@code x-k8s-aws-id}; a token signed for another fails at STS)
     * @param partition   the server's partition ("aws")
     * @param stsOverride the configured STS endpoint, or null
     * @param clock       the verifier's clock (expiry check)
     */
    public TokenVerifier(String clusterId, String partition, URI stsOverride, Clock clock) {
        this.clusterId = clusterId;
        this.partition = partition;
        this.stsOverride = stsOverride;
        this.clock = clock;
    }

    /** Verifies the token; throws with the authenticator's message when it would deny it. */
    public TokenIdentity verify(String token) throws PresignedUrlChecks.Rejected {
        String overrideHost = stsOverride == null ? null : stsOverride.getRawAuthority();
        PresignedUrlChecks.Checked c = PresignedUrlChecks.check(token, partition,
                h -> overrideHost != null && h.equalsIgnoreCase(overrideHost), clock.instant());
        Map<String, String> headers = Map.of(StsPresigner.CLUSTER_ID_HEADER, clusterId, "accept", "application/json");
        int status;
        String body;
        try {
            if (overrideHost != null && !c.host().equalsIgnoreCase(overrideHost)) {
                SocketHttpGet.Response r = SocketHttpGet.get(stsOverride, c.host(), "/?" + c.url().getRawQuery(), headers, TIMEOUT);
                status = r.status();
                body = r.body();
            } else {
                HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(TIMEOUT).build();
                HttpRequest.Builder req = HttpRequest.newBuilder(c.url()).GET().timeout(TIMEOUT);
                headers.forEach(req::header);
                HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
                status = r.statusCode();
                body = r.body();
            }
        } catch (IOException e) {
            throw new PresignedUrlChecks.Rejected(STS_ERROR + "error during GET: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PresignedUrlChecks.Rejected(STS_ERROR + "error during GET: interrupted");
        }
        if (status != 200) {
            String msg = "error from AWS (expected 200, got " + status + ") on " + c.region() + " endpoint. Body: " + body;
            throw new PresignedUrlChecks.Rejected(body.contains("Throttling") ? STS_THROTTLED + msg : STS_ERROR + msg);
        }
        return identity(body, c.accessKeyId(), c.host());
    }

    /** Check 16: the identity in STS's JSON GetCallerIdentity answer. */
    static TokenIdentity identity(String body, String accessKeyId, String host) throws PresignedUrlChecks.Rejected {
        String arn;
        String account;
        String userId;
        try {
            Map<String, Object> result = obj(obj(Json.parseObject(body), "GetCallerIdentityResponse"), "GetCallerIdentityResult");
            arn = str(result, "Arn");
            account = str(result, "Account");
            userId = str(result, "UserId");
        } catch (RuntimeException e) {
            throw new PresignedUrlChecks.Rejected(STS_ERROR + e.getMessage());
        }
        String canonical;
        try {
            canonical = Arns.canonicalize(arn);
        } catch (IllegalArgumentException e) {
            throw new PresignedUrlChecks.Rejected(STS_ERROR + e.getMessage());
        }
        boolean wholeUserId = canonical.contains(":user/") || canonical.endsWith(":root") || canonical.contains(":federated-user/");
        if (wholeUserId) return new TokenIdentity(arn, canonical, account, userId, "", accessKeyId, host);
        String[] parts = userId.split(":", -1);
        if (parts.length != 2) throw new PresignedUrlChecks.Rejected(STS_ERROR + "malformed UserID " + Json.quote(userId));
        return new TokenIdentity(arn, canonical, account, parts[0], parts[1], accessKeyId, host);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> obj(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof Map)) throw new Json.JsonException("missing " + key + " in the STS response");
        return (Map<String, Object>) v;
    }

    private static String str(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof String s ? s : "";
    }
}
