package io.kopsauth.aws;

import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** {@link Identity} on the AWS SDK's STS client. */
public final class SdkIdentity implements Identity {
    private final StsClient sts;

    public SdkIdentity(StsClient sts) {
        this.sts = sts;
    }

    @Override
    public Caller whoAmI() {
        GetCallerIdentityResponse r = AwsErrors.call("sts:GetCallerIdentity", sts::getCallerIdentity);
        return new Caller(r.account(), r.arn(), r.userId());
    }
}
