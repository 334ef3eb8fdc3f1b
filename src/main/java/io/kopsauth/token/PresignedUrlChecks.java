package io.kopsauth.token;

import io.kopsauth.sigv4.SigV4;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The aws-iam-authenticator verifier's local checks, in its order and with its messages
 * (reference/authenticator.md §3.5, checks 1-14). What is left after these pass is replaying the URL against
 * STS (check 15) and reading the identity from the answer (check 16); callers do those. Used by
 * {@code kopsauth verify}, {@code kopsauth doctor} and the sandbox's API simulator, so all agree.
 */
public final class PresignedUrlChecks {
    public static final String PREFIX = "k8s-aws-v1.";
    public static final String FORMAT_ERROR = "input token was not properly formatted: ";
    public static final int MAX_TOKEN_LENGTH = 4096;
    public static final Duration VALIDITY = Duration.ofMinutes(15);
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Set<String> ALLOWED = Set.of("action", "version", "x-amz-algorithm", "x-amz-credential",
            "x-amz-date", "x-amz-expires", "x-amz-security-token", "x-amz-signature", "x-amz-signedheaders");
    private static final Pattern REGION_LABEL = Pattern.compile("^[A-Za-z0-9]([A-Za-z0-9\\-]*[A-Za-z0-9])?$");
    private static final Map<String, String> PARTITION_SUFFIX = Map.of(
            "aws", "amazonaws.com", "aws-cn", "amazonaws.com.cn", "aws-us-gov", "amazonaws.com",
            "aws-iso", "c2s.ic.gov", "aws-iso-b", "sc2s.sgov.gov", "aws-iso-e", "cloud.adc-e.uk",
            "aws-iso-f", "csp.hci.ic.gov", "aws-eusc", "amazonaws.eu");

    private PresignedUrlChecks() {}

    /** A token that passed the local checks: the URL to replay and what it says. */
    public record Checked(URI url, String host, Map<String, String> query, String accessKeyId, String region,
                          Instant signedAt) {}

    /** A failed check; the message is exactly what the authenticator logs (prefix included where it has one). */
    public static final class Rejected extends Exception {
        public Rejected(String message) {
            super(message);
        }
    }

    /**
     * Runs checks 1-14.
     *
     * @param token         the bearer token
     * @param partition     the server's partition ("aws")
     * @param extraHostOk   hosts accepted in addition to the partition's STS endpoints (e.g. the sandbox's own STS
     *                      endpoint, host:port); for these the scheme may be http
     * @param now           the verifier's clock
     */
    public static Checked check(String token, String partition, Predicate<String> extraHostOk, Instant now) throws Rejected {
        if (token.length() > MAX_TOKEN_LENGTH) throw new Rejected(FORMAT_ERROR + "token is too large");
        if (!token.startsWith(PREFIX)) throw new Rejected(FORMAT_ERROR + "token is missing expected \"" + PREFIX + "\" prefix");
        String url;
        try {
            String b64 = token.substring(PREFIX.length());
            if (b64.indexOf('=') >= 0) throw new IllegalArgumentException("illegal base64 data at input byte " + b64.indexOf('='));
            url = new String(Base64.getUrlDecoder().decode(b64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Rejected(FORMAT_ERROR + e.getMessage());
        }
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw new Rejected(FORMAT_ERROR + "parse \"" + url + "\": " + e.getReason());
        }
        String host = u.getRawAuthority() == null ? "" : u.getRawAuthority();
        boolean extra = extraHostOk.test(host);
        String scheme = u.getScheme() == null ? "" : u.getScheme();
        if (!"https".equals(scheme) && !(extra && "http".equals(scheme))) {
            throw new Rejected(FORMAT_ERROR + "unexpected scheme \"" + scheme + "\" in pre-signed URL");
        }
        if (!extra && !stsHostAllowed(host, partition)) {
            throw new Rejected(FORMAT_ERROR + "unexpected hostname \"" + host + "\" in pre-signed URL");
        }
        if (!"/".equals(u.getRawPath())) throw new Rejected(FORMAT_ERROR + "unexpected path in pre-signed URL");
        Map<String, String> query = new LinkedHashMap<>();
        Map<String, String> lower = new LinkedHashMap<>();
        String raw = u.getRawQuery() == null ? "" : u.getRawQuery();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k;
            String v;
            try {
                k = SigV4.uriDecode(eq < 0 ? pair : pair.substring(0, eq));
                v = eq < 0 ? "" : SigV4.uriDecode(pair.substring(eq + 1));
            } catch (RuntimeException e) {
                throw new Rejected(FORMAT_ERROR + "malformed query parameter");
            }
            if (query.containsKey(k)) throw new Rejected(FORMAT_ERROR + "query parameter with multiple values not supported");
            String lk = k.toLowerCase(Locale.ROOT);
            if (lower.containsKey(lk)) throw new Rejected(FORMAT_ERROR + "duplicate query parameter found: \"" + k + "\"");
            query.put(k, v);
            lower.put(lk, v);
        }
        for (String k : query.keySet()) {
            if (!ALLOWED.contains(k.toLowerCase(Locale.ROOT))) {
                throw new Rejected(FORMAT_ERROR + "non-whitelisted query parameter \"" + k + "\"");
            }
        }
        if (!"GetCallerIdentity".equals(lower.get("action"))) {
            throw new Rejected(FORMAT_ERROR + "unexpected action parameter in pre-signed URL");
        }
        boolean signed = false;
        for (String h : lower.getOrDefault("x-amz-signedheaders", "").split(";")) {
            if (h.equalsIgnoreCase("x-k8s-aws-id")) signed = true;
        }
        if (!signed) throw new Rejected(FORMAT_ERROR + "client did not sign the x-k8s-aws-id header in the pre-signed URL");
        String expires = lower.get("x-amz-expires");
        try {
            int e = Integer.parseInt(expires == null ? "" : expires);
            if (e < 0 || e > 900) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            throw new Rejected(FORMAT_ERROR + "invalid X-Amz-Expires parameter in pre-signed URL: " + expires);
        }
        String date = lower.get("x-amz-date");
        if (date == null) throw new Rejected(FORMAT_ERROR + "X-Amz-Date parameter must be present in pre-signed URL");
        Instant signedAt;
        try {
            signedAt = Instant.from(AMZ_DATE.parse(date));
        } catch (DateTimeParseException e) {
            throw new Rejected(FORMAT_ERROR + "error parsing X-Amz-Date parameter " + date + " into format " + "20060102T150405Z: " + e.getMessage());
        }
        if (now.isAfter(signedAt.plus(VALIDITY))) {
            throw new Rejected(FORMAT_ERROR + "X-Amz-Date parameter is expired (15 minute expiration) " + signedAt);
        }
        String cred = lower.getOrDefault("x-amz-credential", "");
        String[] parts = cred.split("/");
        String akid = parts.length > 0 ? parts[0] : "";
        String region = parts.length > 2 ? parts[2] : "";
        return new Checked(u, host, query, akid, region, signedAt);
    }

    /** Check 5: the global host (partition aws only) or a regional, FIPS or dual-stack STS host of the partition. */
    static boolean stsHostAllowed(String host, String partition) {
        if ("sts.amazonaws.com".equals(host)) return "aws".equals(partition);
        String suffix = PARTITION_SUFFIX.get(partition);
        if (suffix == null) return false;
        for (String prefix : new String[] {"sts.", "sts-fips."}) {
            if (host.startsWith(prefix) && host.endsWith("." + suffix)) {
                String region = host.substring(prefix.length(), host.length() - suffix.length() - 1);
                if (REGION_LABEL.matcher(region).matches()) return true;
            }
        }
        if (host.startsWith("sts.") && host.endsWith(".api.aws")) {
            String region = host.substring(4, host.length() - ".api.aws".length());
            return REGION_LABEL.matcher(region).matches();
        }
        return false;
    }

    /** Formats an instant as X-Amz-Date. */
    public static String amzDate(Instant t) {
        return AMZ_DATE.format(t);
    }
}
