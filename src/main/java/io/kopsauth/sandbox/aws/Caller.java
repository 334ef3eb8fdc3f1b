package io.kopsauth.sandbox.aws;

import java.time.Instant;

/**
 * Who signed a request: the principal's ARN and unique id as GetCallerIdentity reports them, and what the
 * policy engine needs (the role behind an assumed-role session, MFA state).
 *
 * @param account     12-digit account id
 * @param arn         user ARN or {@code arn:aws:sts::ACCT:assumed-role/NAME/SESSION}
 * @param userId      {@code AIDA…} for users, {@code AROA…:SESSION} for role sessions
 * @param accessKeyId the key the request was signed with
 * @param roleArn     the IAM role ARN behind a role session, else null
 * @param temporary   true for session credentials
 * @param mfaAt       when MFA was used to get these credentials, or null
 */
record Caller(String account, String arn, String userId, String accessKeyId, String roleArn, boolean temporary,
              Instant mfaAt) {

    String userName() {
        int i = arn.lastIndexOf('/');
        return i < 0 ? arn : arn.substring(i + 1);
    }
}
