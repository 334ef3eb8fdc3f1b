package io.kopsauth.token;

import io.kopsauth.sigv4.SigV4;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Makes an IAM-authenticator token the way aws-iam-authenticator's Go client does (reference/authenticator.md §2):
 * a SigV4 query-presigned {@code GET /?Action=GetCallerIdentity} that signs {@code host} and {@code x-k8s-aws-id},
 * with the empty-payload hash and {@code X-Amz-Expires=60}, base64url-encoded without padding after
 * {@code k8s-aws-v1.}. Pure: the clock, keys and endpoint are arguments.
 */
public final class StsPresigner {
    public static final String CLUSTER_ID_HEADER = "x-k8s-aws-id";
    /** The ExecCredential expiry after signing: one minute before STS stops accepting the URL (15 minutes). */
    public static final Duration LIFETIME = Duration.ofMinutes(14);
    public static final String DEFAULT_REGION = "us-east-1";
    private static final String SIGNED_HEADERS = "host;" + CLUSTER_ID_HEADER;

    private StsPresigner() {}

    /**
     * The STS endpoint to sign for: {@code https://sts.<region>.<partition domain>}, or the configured endpoint
     * override's scheme and host[:port] (as the SDKs do with {@code AWS_ENDPOINT_URL}).
     */
    public static URI endpoint(String region, URI override) {
        if (override != null) {
            int port = override.getPort();
            boolean defaultPort = port == -1 || ("https".equals(override.getScheme()) && port == 443)
                    || ("http".equals(override.getScheme()) && port == 80);
            return URI.create(override.getScheme() + "://" + override.getHost() + (defaultPort ? "" : ":" + port) + "/");
        }
        return URI.create("https://sts." + region + "." + dnsSuffix(region) + "/");
    }

    /** The DNS suffix of a region's partition (amazonaws.com, amazonaws.com.cn, ...). */
    static String dnsSuffix(String region) {
        if (region.startsWith("cn-")) return "amazonaws.com.cn";
        if (region.startsWith("us-isob-")) return "sc2s.sgov.gov";
        if (region.startsWith("us-isof-")) return "csp.hci.ic.gov";
        if (region.startsWith("us-iso-")) return "c2s.ic.gov";
        if (region.startsWith("eu-isoe-")) return "cloud.adc-e.uk";
        if (region.startsWith("eusc-")) return "amazonaws.eu";
        return "amazonaws.com";
    }

    /** The presigned GetCallerIdentity URL, query parameters in the Go client's order. */
    public static String presignedUrl(String clusterId, String region, URI endpoint, SigningCredentials keys, Instant now) {
        String amzDate = PresignedUrlChecks.amzDate(now);
        String day = amzDate.substring(0, 8);
        String scope = SigV4.scope(day, region, "sts");
        List<Map.Entry<String, String>> params = new ArrayList<>(List.of(
                Map.entry("Action", "GetCallerIdentity"),
                Map.entry("Version", "2011-06-15"),
                Map.entry("X-Amz-Algorithm", SigV4.ALGORITHM),
                Map.entry("X-Amz-Credential", keys.accessKeyId() + "/" + scope),
                Map.entry("X-Amz-Date", amzDate),
                Map.entry("X-Amz-Expires", "60")));
        if (keys.sessionToken() != null && !keys.sessionToken().isEmpty()) {
            params.add(Map.entry("X-Amz-Security-Token", keys.sessionToken()));
        }
        params.add(Map.entry("X-Amz-SignedHeaders", SIGNED_HEADERS));
        String host = endpoint.getRawAuthority();
        TreeMap<String, String> headers = new TreeMap<>(Map.of("host", host, CLUSTER_ID_HEADER, clusterId));
        String canonical = SigV4.canonicalRequest("GET", "/", SigV4.canonicalQuery(params), headers, SIGNED_HEADERS,
                SigV4.EMPTY_PAYLOAD_SHA256);
        String signature = SigV4.signature(keys.secretAccessKey(), day, region, "sts",
                SigV4.stringToSign(amzDate, scope, canonical));
        StringBuilder url = new StringBuilder(endpoint.getScheme()).append("://").append(host).append("/?");
        for (Map.Entry<String, String> p : params) {
            url.append(SigV4.uriEncode(p.getKey(), true)).append('=').append(SigV4.uriEncode(p.getValue(), true)).append('&');
        }
        return url.append("X-Amz-Signature=").append(signature).toString();
    }

    /** {@code k8s-aws-v1.} + unpadded base64url of the URL. */
    public static String encode(String presignedUrl) {
        return PresignedUrlChecks.PREFIX
                + Base64.getUrlEncoder().withoutPadding().encodeToString(presignedUrl.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A token signed at {@code now} (to the second); it expires {@link #LIFETIME} later, or when temporary
     * credentials expire if that is sooner.
     */
    public static Token token(String clusterId, String region, URI endpoint, SigningCredentials keys, Instant now) {
        Instant signedAt = now.truncatedTo(ChronoUnit.SECONDS);
        Instant expiration = signedAt.plus(LIFETIME);
        if (keys.expiration() != null && keys.expiration().isBefore(expiration)) {
            expiration = keys.expiration().truncatedTo(ChronoUnit.SECONDS);
        }
        return new Token(encode(presignedUrl(clusterId, region, endpoint, keys, signedAt)), expiration);
    }
}
