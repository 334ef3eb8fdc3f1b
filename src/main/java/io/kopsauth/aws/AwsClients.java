package io.kopsauth.aws;

import io.kopsauth.cli.CliException;
import io.kopsauth.cli.ExitCode;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Builds the SDK clients from {@link AwsSettings}: url-connection HTTP client, adaptive retries (throttling and
 * 5xx are retried as the AWS CLI does), endpoint overrides (S3 then uses path-style addressing, which every
 * S3-compatible endpoint needs). Credentials come from the settings' environment: static keys, else the profile,
 * else the profile file's default chain.
 */
public final class AwsClients {
    private final AwsSettings settings;
    private StsClient sts;
    private IamClient iam;
    private S3Client s3;

    public AwsClients(AwsSettings settings) {
        this.settings = settings;
    }

    public AwsSettings settings() {
        return settings;
    }

    public String region() {
        if (settings.region() == null) {
            throw new CliException(ExitCode.PREFLIGHT, "no AWS region is configured",
                    "pass --region REGION or set AWS_REGION (e.g. export AWS_REGION=us-west-1)");
        }
        return settings.region();
    }

    public synchronized StsClient sts() {
        if (sts == null) {
            var b = StsClient.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.of(region()))
                    .credentialsProvider(credentials()).overrideConfiguration(overrides());
            settings.endpoint("sts").ifPresent(b::endpointOverride);
            sts = b.build();
        }
        return sts;
    }

    public synchronized IamClient iam() {
        if (iam == null) {
            // IAM is a global service; the SDK signs it for us-east-1 (aws-global) unless an endpoint is set.
            var b = IamClient.builder().httpClient(UrlConnectionHttpClient.create())
                    .credentialsProvider(credentials()).overrideConfiguration(overrides());
            var ep = settings.endpoint("iam");
            if (ep.isPresent()) b.endpointOverride(ep.get()).region(Region.US_EAST_1); else b.region(Region.AWS_GLOBAL);
            iam = b.build();
        }
        return iam;
    }

    public synchronized S3Client s3() {
        if (s3 == null) {
            var b = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.of(region()))
                    .credentialsProvider(credentials()).overrideConfiguration(overrides());
            settings.endpoint("s3").ifPresent(ep -> b.endpointOverride(ep).forcePathStyle(true));
            s3 = b.build();
        }
        return s3;
    }

    /** The credentials provider for these settings. */
    public AwsCredentialsProvider credentials() {
        var env = settings.env();
        String akid = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (akid != null && !akid.isBlank() && secret != null) {
            String token = env.get("AWS_SESSION_TOKEN");
            return StaticCredentialsProvider.create(token == null || token.isBlank()
                    ? AwsBasicCredentials.create(akid, secret)
                    : AwsSessionCredentials.create(akid, secret, token));
        }
        return ProfileCredentialsProvider.builder()
                .profileFile(settings.profileFile())
                .profileName(settings.profile() == null ? "default" : settings.profile())
                .build();
    }

    private static ClientOverrideConfiguration overrides() {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(RetryMode.ADAPTIVE_V2)
                .apiCallTimeout(Duration.ofSeconds(60))
                .build();
    }

    /** Closes whatever clients were built. */
    public void close() {
        if (sts != null) sts.close();
        if (iam != null) iam.close();
        if (s3 != null) s3.close();
    }
}
