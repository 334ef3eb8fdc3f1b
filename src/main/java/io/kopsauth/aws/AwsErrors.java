package io.kopsauth.aws;

import io.kopsauth.cli.CliException;
import io.kopsauth.cli.ExitCode;
import java.util.Locale;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns SDK exceptions into messages for humans with the next thing to try: expired credentials → "run aws sso
 * login", no credentials → "aws configure / AWS_PROFILE", access denied → the permission, unreachable endpoint.
 * Credential problems exit 3 (preflight); everything else 1.
 */
public final class AwsErrors {
    private AwsErrors() {}

    /** Runs one AWS call, translating its SDK exception; {@code what} names the call ("s3:CreateBucket x"). */
    public static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw translate(what, e);
        }
    }

    public static void run(String what, Runnable call) {
        call(what, () -> {
            call.run();
            return null;
        });
    }

    /** The error code of a service exception, or null. */
    public static String code(SdkException e) {
        if (e instanceof AwsServiceException ase && ase.awsErrorDetails() != null) return ase.awsErrorDetails().errorCode();
        return null;
    }

    public static int status(SdkException e) {
        return e instanceof AwsServiceException ase ? ase.statusCode() : 0;
    }

    public static CliException translate(String what, SdkException e) {
        String code = code(e);
        String msg = e instanceof AwsServiceException ase && ase.awsErrorDetails() != null
                && ase.awsErrorDetails().errorMessage() != null ? ase.awsErrorDetails().errorMessage() : e.getMessage();
        if (code != null) {
            switch (code) {
                case "ExpiredToken", "ExpiredTokenException", "RequestExpired", "TokenRefreshRequired" -> {
                    return new CliException(ExitCode.PREFLIGHT, what + " failed: the AWS credentials have expired", e,
                            "run 'aws sso login' (or refresh your credentials) and re-run the same command");
                }
                case "InvalidClientTokenId", "SignatureDoesNotMatch", "UnrecognizedClientException", "InvalidAccessKeyId" -> {
                    return new CliException(ExitCode.PREFLIGHT, what + " failed: the AWS credentials are not valid (" + code + ")", e,
                            "check AWS_PROFILE / --profile and the keys in ~/.aws/credentials ('aws sts get-caller-identity' must work)");
                }
                case "AccessDenied", "AccessDeniedException", "AllAccessDisabled" -> {
                    return new CliException(ExitCode.FAILED, what + " failed: access denied: " + msg, e,
                            "the caller needs the permission for " + what.split(" ")[0]
                                    + "; see 'aws sts get-caller-identity' for who you are");
                }
                case "Throttling", "ThrottlingException", "SlowDown", "RequestLimitExceeded" -> {
                    return new CliException(ExitCode.FAILED, what + " failed: AWS is throttling requests (" + code + ")", e,
                            "wait a minute and re-run the same command; it resumes where it stopped");
                }
                default -> {
                    return new CliException(ExitCode.FAILED, what + " failed: " + code + ": " + msg, e,
                            "re-run the same command to resume once the cause is fixed");
                }
            }
        }
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        // The default chain says "Unable to load credentials"; the profile provider kopsauth uses without
        // environment keys says "Profile file contained no credentials for profile '<name>'".
        if (e instanceof SdkClientException && (m.contains("unable to load credentials")
                || m.contains("profile file contained no credentials"))) {
            return new CliException(ExitCode.PREFLIGHT, what + " failed: no AWS credentials found", e,
                    "run 'aws configure', set AWS_PROFILE or pass --profile");
        }
        if (e instanceof SdkClientException && (m.contains("connect") || m.contains("unknownhost") || m.contains("unable to execute http request"))) {
            return new CliException(ExitCode.FAILED, what + " failed: cannot reach the AWS endpoint: " + e.getMessage(), e,
                    "check your network, and AWS_ENDPOINT_URL / S3_ENDPOINT if you set them");
        }
        return new CliException(ExitCode.FAILED, what + " failed: " + e.getMessage(), e,
                "re-run the same command to resume once the cause is fixed");
    }
}
