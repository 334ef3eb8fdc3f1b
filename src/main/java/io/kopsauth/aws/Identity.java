package io.kopsauth.aws;

/** Who the AWS credentials belong to (STS GetCallerIdentity). */
public interface Identity {

    /** The caller: account, ARN and user id. */
    record Caller(String account, String arn, String userId) {}

    Caller whoAmI();
}
