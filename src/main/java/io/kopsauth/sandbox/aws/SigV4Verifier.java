package io.kopsauth.sandbox.aws;

import io.kopsauth.sigv4.SigV4;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Verifies AWS Signature Version 4 as the services do: header auth ({@code Authorization: AWS4-HMAC-SHA256 …})
 * and query auth (presigned URLs), against the keys the emulator issued, with AWS's 15-minute clock-skew rules
 * and its error codes (which differ between the query services and S3).
 */
final class SigV4Verifier {
    static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    static final Duration SKEW = Duration.ofMinutes(15);
    static final String UNSIGNED = "UNSIGNED-PAYLOAD";

    /** What a verified signature establishes; the key and seed signature let S3 check aws-chunked bodies. */
    record Signed(Caller caller, String service, String region, String amzDate, String scope, String signature,
                  byte[] signingKey, String payloadHash, boolean presigned) {}

    /** The credential scope of a request (without verifying anything), or null when the request is unsigned. */
    record Scope(String accessKeyId, String date, String region, String service) {}

    private final AccessKeys keys;

    SigV4Verifier(AccessKeys keys) {
        this.keys = keys;
    }

    /** Reads the credential scope from the Authorization header or the X-Amz-Credential query parameter. */
    static Scope scope(AwsRequest req) {
        String cred = null;
        String auth = req.header("authorization");
        if (auth != null && auth.startsWith(SigV4.ALGORITHM)) {
            cred = authParams(auth).get("Credential");
        } else if (req.queryParam("X-Amz-Credential") != null) {
            cred = req.queryParam("X-Amz-Credential");
        }
        if (cred == null) return null;
        String[] p = cred.split("/");
        if (p.length != 5) return null;
        return new Scope(p[0], p[1], p[2], p[3]);
    }

    /**
     * Verifies the request's signature. {@code hostRegion} is the region a regional AWS host name implies
     * (sts.us-west-2.amazonaws.com), or null for the sandbox's own loopback endpoint.
     */
    Signed verify(AwsRequest req, String service, String hostRegion, Instant now) {
        boolean s3 = "s3".equals(service);
        String auth = req.header("authorization");
        boolean presigned;
        Map<String, String> params;
        String amzDate;
        String securityToken;
        if (auth != null) {
            if (!auth.startsWith(SigV4.ALGORITHM + " ")) {
                throw s3 ? new AwsException(400, "InvalidArgument", "Unsupported Authorization Type")
                        : new AwsException(400, "IncompleteSignature", "Unsupported authorization type");
            }
            params = authParams(auth);
            presigned = false;
            amzDate = req.header("x-amz-date");
            securityToken = req.header("x-amz-security-token");
        } else {
            params = new TreeMap<>();
            params.put("Credential", req.queryParam("X-Amz-Credential"));
            params.put("SignedHeaders", req.queryParam("X-Amz-SignedHeaders"));
            params.put("Signature", req.queryParam("X-Amz-Signature"));
            presigned = true;
            amzDate = req.queryParam("X-Amz-Date");
            securityToken = req.queryParam("X-Amz-Security-Token");
            if (!SigV4.ALGORITHM.equals(req.queryParam("X-Amz-Algorithm"))) {
                throw s3 ? new AwsException(400, "AuthorizationQueryParametersError", "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"")
                        : new AwsException(400, "IncompleteSignature", "Unsupported algorithm");
            }
        }
        String credential = params.get("Credential");
        String signedHeaders = params.get("SignedHeaders");
        String signature = params.get("Signature");
        if (credential == null || signedHeaders == null || signature == null) {
            throw s3 ? new AwsException(400, "AuthorizationHeaderMalformed", "The authorization header is malformed; incomplete")
                    : new AwsException(400, "IncompleteSignature",
                    "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters.");
        }
        String[] scope = credential.split("/");
        if (scope.length != 5 || !"aws4_request".equals(scope[4])) {
            throw s3 ? new AwsException(400, "AuthorizationHeaderMalformed",
                    "The authorization header is malformed; the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".")
                    : new AwsException(400, "IncompleteSignature", "Credential should be scoped correctly: " + credential);
        }
        String akid = scope[0];

        Caller caller = authenticate(akid, securityToken, s3, now);

        if (amzDate == null) {
            throw s3 ? new AwsException(403, "AccessDenied", "AWS authentication requires a valid Date or x-amz-date header")
                    : new AwsException(400, "IncompleteSignature", "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }
        Instant date;
        try {
            date = Instant.from(AMZ_DATE.parse(amzDate));
        } catch (DateTimeParseException e) {
            throw s3 ? new AwsException(403, "AccessDenied", "AWS authentication requires a valid Date or x-amz-date header")
                    : new AwsException(400, "IncompleteSignature", "Date must be in ISO-8601 'basic format'. Got '" + amzDate + "'.");
        }
        if (!amzDate.startsWith(scope[1])) {
            String msg = "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                    + scope[1] + "' != '" + amzDate.substring(0, 8) + "', from '" + amzDate + "'.";
            throw s3 ? new AwsException(400, "AuthorizationHeaderMalformed", "The authorization header is malformed; " + msg)
                    : new AwsException(403, "SignatureDoesNotMatch", msg);
        }
        if (hostRegion != null && !hostRegion.equals(scope[2])) {
            throw new AwsException(403, "SignatureDoesNotMatch", "Credential should be scoped to a valid region. ");
        }
        checkTime(req, s3, presigned, date, now);

        String payloadHash;
        if (presigned) {
            payloadHash = s3 ? orElse(req.queryParam("X-Amz-Content-Sha256"), UNSIGNED) : SigV4.sha256Hex(req.body());
        } else {
            String declared = req.header("x-amz-content-sha256");
            if (s3 && declared == null) {
                throw new AwsException(400, "InvalidRequest", "Missing required header for this request: x-amz-content-sha256");
            }
            payloadHash = declared != null ? declared : SigV4.sha256Hex(req.body());
        }

        List<Map.Entry<String, String>> q = new ArrayList<>();
        for (Map.Entry<String, String> e : req.query()) {
            if (presigned && e.getKey().equals("X-Amz-Signature")) continue;
            q.add(e);
        }
        String canonicalUri = s3 ? SigV4.uriEncode(req.path(), false) : SigV4.uriEncode(req.rawPath(), false);
        TreeMap<String, String> headers = new TreeMap<>();
        for (String name : signedHeaders.split(";")) {
            String v = req.header(name);
            headers.put(name, v == null ? "" : v);
        }
        String canonical = SigV4.canonicalRequest(req.method(), canonicalUri, SigV4.canonicalQuery(q), headers,
                signedHeaders, payloadHash);
        String scopeString = SigV4.scope(scope[1], scope[2], scope[3]);
        String stringToSign = SigV4.stringToSign(amzDate, scopeString, canonical);
        String secret = secretOf(akid);
        byte[] key = SigV4.signingKey(secret, scope[1], scope[2], scope[3]);
        String expected = SigV4.hex(SigV4.hmac(key, stringToSign));
        if (!SigV4.sameSignature(expected, signature.toLowerCase(Locale.ROOT))) {
            if (s3) {
                throw new AwsException(403, "SignatureDoesNotMatch",
                        "The request signature we calculated does not match the signature you provided. Check your key and signing method.")
                        .with("AWSAccessKeyId", akid).with("StringToSign", stringToSign).with("SignatureProvided", signature)
                        .with("CanonicalRequest", canonical);
            }
            throw new AwsException(403, "SignatureDoesNotMatch",
                    "The request signature we calculated does not match the signature you provided. Check your AWS Secret "
                            + "Access Key and signing method. Consult the service documentation for details.");
        }
        return new Signed(caller, scope[3], scope[2], amzDate, scopeString, signature, key, payloadHash, presigned);
    }

    private Caller authenticate(String akid, String securityToken, boolean s3, Instant now) {
        AccessKeys.UserKey user = keys.user(akid);
        if (user != null) return user.caller();
        AccessKeys.Session session = keys.session(akid);
        if (session == null) {
            throw s3 ? new AwsException(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.")
                    .with("AWSAccessKeyId", akid)
                    : new AwsException(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
        }
        if (securityToken == null || !securityToken.equals(session.token())) {
            throw s3 ? new AwsException(400, "InvalidToken", "The provided token is malformed or otherwise invalid.")
                    : new AwsException(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
        }
        if (!now.isBefore(session.expiration())) {
            throw s3 ? new AwsException(400, "ExpiredToken", "The provided token has expired.")
                    : new AwsException(403, "ExpiredToken", "The security token included in the request is expired");
        }
        return session.caller();
    }

    private String secretOf(String akid) {
        AccessKeys.UserKey user = keys.user(akid);
        return user != null ? user.secret() : keys.session(akid).secret();
    }

    private static void checkTime(AwsRequest req, boolean s3, boolean presigned, Instant date, Instant now) {
        if (presigned && s3) {
            long expires;
            try {
                expires = Long.parseLong(orElse(req.queryParam("X-Amz-Expires"), "-1"));
            } catch (NumberFormatException e) {
                expires = -1;
            }
            if (expires < 0 || expires > 604800) {
                throw new AwsException(400, "AuthorizationQueryParametersError",
                        "X-Amz-Expires must be less than a week (in seconds) that is 604800");
            }
            if (now.isAfter(date.plusSeconds(expires))) {
                throw new AwsException(403, "AccessDenied", "Request has expired")
                        .with("X-Amz-Expires", String.valueOf(expires)).with("Expires", date.plusSeconds(expires).toString())
                        .with("ServerTime", now.toString());
            }
            if (date.isAfter(now.plus(SKEW))) {
                throw new AwsException(403, "AccessDenied", "Request is not valid yet");
            }
            return;
        }
        // Query services: a presigned URL (X-Amz-Expires is ignored, as STS does) and a signed request alike are
        // valid for 15 minutes either side of the server's clock.
        String nowS = AMZ_DATE.format(now);
        if (date.isBefore(now.minus(SKEW))) {
            if (s3) {
                throw new AwsException(403, "RequestTimeTooSkewed",
                        "The difference between the request time and the current time is too large.")
                        .with("RequestTime", AMZ_DATE.format(date)).with("ServerTime", now.toString())
                        .with("MaxAllowedSkewMilliseconds", "900000");
            }
            throw new AwsException(403, "SignatureDoesNotMatch", "Signature expired: " + AMZ_DATE.format(date)
                    + " is now earlier than " + AMZ_DATE.format(now.minus(SKEW)) + " (" + nowS + " - 15 min.)");
        }
        if (date.isAfter(now.plus(SKEW))) {
            if (s3) {
                throw new AwsException(403, "RequestTimeTooSkewed",
                        "The difference between the request time and the current time is too large.")
                        .with("RequestTime", AMZ_DATE.format(date)).with("ServerTime", now.toString())
                        .with("MaxAllowedSkewMilliseconds", "900000");
            }
            throw new AwsException(403, "SignatureDoesNotMatch", "Signature not yet current: " + AMZ_DATE.format(date)
                    + " is still later than " + AMZ_DATE.format(now.plus(SKEW)) + " (" + nowS + " + 15 min.)");
        }
    }

    /** "AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…" → its three parameters. */
    static Map<String, String> authParams(String auth) {
        Map<String, String> m = new TreeMap<>();
        String rest = auth.substring(SigV4.ALGORITHM.length()).trim();
        for (String part : rest.split(",")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (eq > 0) m.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
        }
        return m;
    }

    private static String orElse(String v, String d) {
        return v == null ? d : v;
    }
}
