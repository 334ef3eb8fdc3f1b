package io.kopsauth.sandbox.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.kopsauth.json.Json;
import io.kopsauth.sandbox.AwsBackdoor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's AWS: one HTTP handler for IAM, STS and S3, dispatched on the SigV4 credential scope's service,
 * every request's signature verified against the keys it issued. Also the in-process {@link AwsBackdoor} for the
 * other sandbox components. State lives under the directory given at construction.
 */
public final class AwsEmulator implements HttpHandler, AwsBackdoor {
    /** The seeded account. */
    public static final String ACCOUNT = "111122223333";
    /** A second account, so that tests can own buckets "somebody else" has. */
    public static final String FOREIGN_ACCOUNT = "444455556666";
    public static final String ADMIN_USER = "sandbox-admin";
    public static final String FOREIGN_USER = "foreign-admin";

    private static final Logger LOG = LoggerFactory.getLogger(AwsEmulator.class);
    private static final Pattern REGIONAL_STS = Pattern.compile("sts\\.([a-z0-9-]+)\\.amazonaws\\.com");
    private static final Set<String> STS_ACTIONS = Set.of("GetCallerIdentity", "AssumeRole", "GetSessionToken",
            "AssumeRoleWithWebIdentity", "AssumeRoleWithSAML", "GetAccessKeyInfo", "DecodeAuthorizationMessage",
            "GetFederationToken");

    /** A seeded user's long-term key. */
    public record SeededKey(String accessKeyId, String secretAccessKey, String account, String arn) {}

    private final Clock clock;
    private final AccessKeys keys;
    private final SigV4Verifier verifier;
    private final IamService iam;
    private final StsService sts;
    private final S3Service s3;
    private final Faults faults = new Faults();
    private final SeededKey admin;
    private final SeededKey foreign;

    public AwsEmulator(Path stateDir, Clock clock) {
        this.clock = clock;
        this.keys = new AccessKeys(stateDir);
        this.verifier = new SigV4Verifier(keys);
        this.iam = new IamService(stateDir.resolve("iam.json"), keys);
        this.sts = new StsService(iam, keys);
        this.s3 = new S3Service(new S3Store(stateDir.resolve("s3")));
        Instant now = clock.instant();
        this.admin = seeded(keys.seed(ACCOUNT, ADMIN_USER, now));
        this.foreign = seeded(keys.seed(FOREIGN_ACCOUNT, FOREIGN_USER, now));
    }

    private static SeededKey seeded(AccessKeys.UserKey u) {
        return new SeededKey(u.accessKeyId(), u.secret(), u.account(), u.arn());
    }

    /** The seeded user of account 111122223333 ({@code sandbox-admin}). */
    public SeededKey admin() {
        return admin;
    }

    /** The seeded user of account 444455556666 ({@code foreign-admin}). */
    public SeededKey foreign() {
        return foreign;
    }

    public Faults faults() {
        return faults;
    }

    /** What exists, for {@code sandbox status}. */
    public Map<String, Object> status() {
        return Json.obj("account", ACCOUNT, "buckets", s3.describeBuckets(), "roles", iam.describeRoles());
    }

    /** Forgets roles, buckets and sessions; the seeded users and their keys stay, so the profile files stay valid. */
    public void reset() {
        iam.reset();
        s3.reset();
        keys.resetSessions();
    }

    /** Flushes and closes state files. */
    public void close() {
        s3.close();
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            URI uri = ex.getRequestURI();
            AwsRequest req = new AwsRequest(ex.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(), ex.getRequestHeaders(), body);
            AwsResponse resp = handle(req, null);
            resp.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            boolean head = req.method().equals("HEAD");
            if (resp.body() == null || resp.body().length == 0 || head || resp.status() == 204 || resp.status() == 304) {
                ex.sendResponseHeaders(resp.status(), -1);
            } else {
                ex.sendResponseHeaders(resp.status(), resp.body().length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(resp.body());
                }
            }
        }
    }

    /** Answers one request; {@code hostRegion} is the region a regional AWS host name implies, else null. */
    AwsResponse handle(AwsRequest req, String hostRegion) {
        SigV4Verifier.Scope scope = SigV4Verifier.scope(req);
        String service = scope != null ? scope.service() : guessService(req);
        boolean json = accepts(req, "application/json");
        try {
            Instant now = clock.instant();
            SigV4Verifier.Signed signed = null;
            if (scope != null) {
                signed = verifier.verify(req, service, hostRegion, now);
            } else if (!service.equals("s3")) {
                throw new AwsException(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
            }
            faults.apply(service);
            AwsResponse r = switch (service) {
                case "sts" -> sts.handle(signed.caller(), req.formParams(), json, now);
                case "iam" -> iam.handle(signed.caller(), req.formParams(), now);
                case "s3" -> s3.handle(req, signed, now);
                default -> throw new AwsException(400, "InvalidAction", "The sandbox does not emulate the service " + service);
            };
            LOG.debug("{} {} {} (payload {}, encoding {}) -> {}", service, req.method(), req.rawPath(),
                    req.header("x-amz-content-sha256"), req.header("content-encoding"), r.status());
            return r;
        } catch (AwsException e) {
            LOG.debug("{} {} {} -> {} {}", service, req.method(), req.rawPath(), e.status(), e.code());
            return errorResponse(service, req, json, e);
        } catch (RuntimeException e) {
            LOG.warn("internal error on {} {}", req.method(), req.rawPath(), e);
            return errorResponse(service, req, json, new AwsException(500,
                    service.equals("s3") ? "InternalError" : "InternalFailure", String.valueOf(e), false));
        }
    }

    private static AwsResponse errorResponse(String service, AwsRequest req, boolean json, AwsException e) {
        return switch (service) {
            case "s3" -> S3Service.error(e, req.method().equals("HEAD"));
            case "sts" -> json ? StsService.jsonError(e) : QueryProtocol.error(StsService.NS, e);
            default -> QueryProtocol.error(IamService.NS, e);
        };
    }

    private static boolean accepts(AwsRequest req, String type) {
        String a = req.header("accept");
        return a != null && a.toLowerCase(Locale.ROOT).contains(type);
    }

    private static String guessService(AwsRequest req) {
        String action;
        try {
            action = req.formParams().get("Action");
        } catch (RuntimeException e) {
            action = null;
        }
        if (action == null) return "s3";
        return STS_ACTIONS.contains(action) ? "sts" : "iam";
    }

    @Override
    public HttpAnswer replayPresigned(String url, Map<String, String> headers) {
        URI u = URI.create(url);
        String host = u.getHost();
        String hostRegion;
        Matcher m = host == null ? null : REGIONAL_STS.matcher(host);
        if (m != null && m.matches()) {
            hostRegion = m.group(1);
        } else if ("sts.amazonaws.com".equals(host)) {
            hostRegion = "us-east-1";
        } else if ("127.0.0.1".equals(host) || "localhost".equals(host)) {
            hostRegion = null;
        } else {
            return new HttpAnswer(502, "text/plain", "the sandbox does not serve host " + host);
        }
        Map<String, List<String>> h = new LinkedHashMap<>();
        headers.forEach((k, v) -> h.put(k, List.of(v)));
        h.put("Host", List.of(u.getPort() < 0 ? host : host + ":" + u.getPort()));
        AwsResponse r = handle(new AwsRequest("GET", u.getRawPath(), u.getRawQuery(), h, new byte[0]), hostRegion);
        return new HttpAnswer(r.status(), r.headers().getOrDefault("Content-Type", "text/xml"), r.text());
    }

    @Override
    public byte[] s3Object(String bucket, String key) {
        return s3.object(bucket, key);
    }
}
