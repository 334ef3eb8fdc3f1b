package io.kopsauth.sandbox.aws;

import io.kopsauth.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * STS (query protocol, namespace {@code https://sts.amazonaws.com/doc/2011-06-15/}; JSON when the request
 * accepts {@code application/json}, as the IAM authenticator asks): GetCallerIdentity, AssumeRole with trust
 * policy evaluation, GetSessionToken.
 */
final class StsService {
    static final String NS = "https://sts.amazonaws.com/doc/2011-06-15/";
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws:iam::(\\d{12}):role/(?:.*/)?([\\w+=,.@-]+)");
    private static final Pattern TOKEN_CODE = Pattern.compile("\\d{6}");

    private final IamService iam;
    private final AccessKeys keys;

    StsService(IamService iam, AccessKeys keys) {
        this.iam = iam;
        this.keys = keys;
    }

    AwsResponse handle(Caller caller, Map<String, String> p, boolean json, Instant now) {
        String action = p.getOrDefault("Action", "");
        return switch (action) {
            case "GetCallerIdentity" -> json
                    ? jsonOk("GetCallerIdentity", Json.obj("Account", caller.account(), "Arn", caller.arn(), "UserId", caller.userId()))
                    : QueryProtocol.ok(NS, action, x -> x.elem("UserId", caller.userId()).elem("Account", caller.account())
                    .elem("Arn", caller.arn()));
            case "AssumeRole" -> assumeRole(caller, p, now);
            case "GetSessionToken" -> getSessionToken(caller, p, now);
            default -> throw new AwsException(400, "InvalidAction",
                    "Could not find operation " + action + " for version " + p.getOrDefault("Version", "NO_VERSION_SPECIFIED"));
        };
    }

    /** STS's JSON rendering of a query-protocol answer. */
    static AwsResponse jsonOk(String action, Map<String, Object> result) {
        String rid = Ids.requestId();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(action + "Response", Json.obj(action + "Result", result, "ResponseMetadata", Json.obj("RequestId", rid)));
        return AwsResponse.of(200, "application/json", Json.write(body)).header("x-amzn-RequestId", rid);
    }

    static AwsResponse jsonError(AwsException e) {
        String rid = Ids.requestId();
        String body = Json.write(Json.obj("Error", Json.obj("Code", e.code(), "Message", e.getMessage(),
                "Type", e.sender() ? "Sender" : "Receiver"), "RequestId", rid));
        return AwsResponse.of(e.status(), "application/json", body).header("x-amzn-RequestId", rid);
    }

    private AwsResponse assumeRole(Caller caller, Map<String, String> p, Instant now) {
        String roleArn = QueryProtocol.required(p, "RoleArn");
        String session = QueryProtocol.required(p, "RoleSessionName");
        if (!SESSION_NAME.matcher(session).matches()) {
            throw AwsException.validation("1 validation error detected: Value '" + session
                    + "' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
        }
        if (roleArn.length() < 20) {
            throw AwsException.validation("1 validation error detected: Value '" + roleArn
                    + "' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20");
        }
        var m = ROLE_ARN.matcher(roleArn);
        AwsException denied = AwsException.accessDenied("User: " + caller.arn()
                + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn);
        if (!m.matches()) throw denied;
        IamService.Role role = iam.role(m.group(1), m.group(2));
        if (role == null) throw denied;

        Instant mfaAt = caller.mfaAt();
        if (p.get("SerialNumber") != null || p.get("TokenCode") != null) {
            if (p.get("SerialNumber") == null || p.get("TokenCode") == null || !TOKEN_CODE.matcher(p.get("TokenCode")).matches()) {
                throw AwsException.accessDenied("MultiFactorAuthentication failed with invalid MFA one time pass code. ");
            }
            mfaAt = now;
        }
        Map<String, String> ctx = context(caller, mfaAt, now);
        if (p.get("ExternalId") != null) ctx.put("sts:ExternalId", p.get("ExternalId"));
        ctx.put("sts:RoleSessionName", session);
        if (!PolicyDocuments.allows(role.trustPolicy, caller, "sts:AssumeRole", ctx)) throw denied;

        int duration = 3600;
        if (p.get("DurationSeconds") != null) {
            try {
                duration = Integer.parseInt(p.get("DurationSeconds"));
            } catch (NumberFormatException e) {
                duration = -1;
            }
            if (duration < 900) {
                throw AwsException.validation("1 validation error detected: Value '" + p.get("DurationSeconds")
                        + "' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900");
            }
            if (caller.roleArn() != null && duration > 3600) {
                throw AwsException.validation("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
            }
            if (duration > role.maxSessionDuration) {
                throw AwsException.validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
            }
        }
        Instant expiration = now.plusSeconds(duration).truncatedTo(ChronoUnit.SECONDS);
        String arn = "arn:aws:sts::" + role.account + ":assumed-role/" + role.name + "/" + session;
        String userId = role.id + ":" + session;
        AccessKeys.Session s = keys.issue(new Caller(role.account, arn, userId, null, role.arn(), true, mfaAt), expiration, now);
        return QueryProtocol.ok(NS, "AssumeRole", x -> {
            writeCredentials(x, s);
            x.start("AssumedRoleUser").elem("AssumedRoleId", userId).elem("Arn", arn).end();
            x.elem("PackedPolicySize", 6);
        });
    }

    private AwsResponse getSessionToken(Caller caller, Map<String, String> p, Instant now) {
        if (caller.temporary()) {
            throw AwsException.accessDenied("Cannot call GetSessionToken with session credentials");
        }
        int duration = 43200;
        if (p.get("DurationSeconds") != null) {
            try {
                duration = Integer.parseInt(p.get("DurationSeconds"));
            } catch (NumberFormatException e) {
                duration = -1;
            }
            if (duration < 900 || duration > 129600) {
                throw AwsException.validation("1 validation error detected: Value '" + p.get("DurationSeconds")
                        + "' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 129600");
            }
        }
        Instant mfaAt = null;
        if (p.get("SerialNumber") != null || p.get("TokenCode") != null) {
            if (p.get("SerialNumber") == null || p.get("TokenCode") == null || !TOKEN_CODE.matcher(p.get("TokenCode")).matches()) {
                throw AwsException.accessDenied("MultiFactorAuthentication failed with invalid MFA one time pass code. ");
            }
            mfaAt = now;
        }
        Instant expiration = now.plusSeconds(duration).truncatedTo(ChronoUnit.SECONDS);
        AccessKeys.Session s = keys.issue(new Caller(caller.account(), caller.arn(), caller.userId(), null, null, true, mfaAt),
                expiration, now);
        return QueryProtocol.ok(NS, "GetSessionToken", x -> writeCredentials(x, s));
    }

    private static void writeCredentials(Xml x, AccessKeys.Session s) {
        x.start("Credentials").elem("AccessKeyId", s.accessKeyId()).elem("SecretAccessKey", s.secret())
                .elem("SessionToken", s.token()).elem("Expiration", s.expiration().toString()).end();
    }

    /** The request context keys a trust policy may test. */
    static Map<String, String> context(Caller caller, Instant mfaAt, Instant now) {
        Map<String, String> ctx = new LinkedHashMap<>();
        // Long-term keys used without MFA carry no aws:MultiFactorAuthPresent key at all (AWS's documented quirk);
        // temporary credentials carry it, true or false.
        if (mfaAt != null) {
            ctx.put("aws:MultiFactorAuthPresent", "true");
            ctx.put("aws:MultiFactorAuthAge", String.valueOf(Math.max(0, Duration.between(mfaAt, now).getSeconds())));
        } else if (caller.temporary()) {
            ctx.put("aws:MultiFactorAuthPresent", "false");
        }
        ctx.put("aws:PrincipalArn", caller.roleArn() != null ? caller.roleArn() : caller.arn());
        ctx.put("aws:PrincipalAccount", caller.account());
        ctx.put("aws:userid", caller.userId());
        if (caller.roleArn() == null) ctx.put("aws:username", caller.userName());
        ctx.put("aws:CurrentTime", now.truncatedTo(ChronoUnit.SECONDS).toString());
        ctx.put("aws:SecureTransport", "false");
        return ctx;
    }
}
