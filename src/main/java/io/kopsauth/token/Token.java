package io.kopsauth.token;

import java.time.Instant;

/**
 * A bearer token for the IAM authenticator and when a client should stop using it.
 *
 * @param value      {@code k8s-aws-v1.<base64url(presigned GetCallerIdentity URL)>}
 * @param expiration the ExecCredential's {@code expirationTimestamp}
 */
public record Token(String value, Instant expiration) {

    @Override
    public String toString() {
        return "Token[redacted, expiration=" + expiration + "]";
    }
}
