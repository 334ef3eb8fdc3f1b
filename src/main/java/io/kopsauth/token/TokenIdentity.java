package io.kopsauth.token;

import io.kopsauth.json.Json;

/**
 * Who a token belongs to, as the authenticator's verifier reports it (reference/authenticator.md §1.3).
 *
 * @param arn          the ARN STS returned
 * @param canonicalArn the ARN mappings are matched against (assumed-role → role, path-less)
 * @param accountId    12-digit account
 * @param userId       unique id (AIDA…/AROA…), without the session part
 * @param sessionName  session name for assumed roles, else empty
 * @param accessKeyId  from X-Amz-Credential
 * @param stsEndpoint  the host the token was signed for
 */
public record TokenIdentity(String arn, String canonicalArn, String accountId, String userId, String sessionName,
                       String accessKeyId, String stsEndpoint) {

    /** The identity as a JSON object with the authenticator's field names. */
    public String toJson() {
        return Json.pretty(Json.obj("ARN", arn, "CanonicalARN", canonicalArn, "AccountID", accountId, "UserID", userId,
                "SessionName", sessionName, "AccessKeyID", accessKeyId, "STSEndpoint", stsEndpoint));
    }
}
