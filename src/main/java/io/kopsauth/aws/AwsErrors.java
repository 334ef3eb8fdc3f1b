package io.kopsauth.aws;

import java.util.Locale;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns an SDK failure into one line for a human and a hint saying what to do next. */
public final class AwsErrors {
    private AwsErrors() {}

    /**
     * A described failure.
     *
     * @param code    the AWS error code (e.g. AccessDenied), or a kopsauth name such as NoCredentialProviders
     * @param message one line: code and AWS's message
     * @param hint    what to do next
     */
    public record Described(String code, String message, String hint) {}

    public static Described describe(SdkException e) {
        if (e instanceof AwsServiceException ase && ase.awsErrorDetails() != null) {
            String code = ase.awsErrorDetails().errorCode();
            String msg = oneLine(ase.awsErrorDetails().errorMessage());
            String hint = switch (code == null ? "" : code) {
                case "ExpiredToken", "ExpiredTokenException", "RequestExpired" ->
                        "your AWS session has expired: refresh it (aws sso login, or new keys) and retry";
                case "InvalidClientTokenId", "SignatureDoesNotMatch", "UnrecognizedClientException" ->
                        "these AWS keys are not valid: check AWS_PROFILE / --profile and 'aws sts get-caller-identity'";
                case "AccessDenied", "AccessDeniedException" ->
                        "check that the IAM policy (or the role's trust policy) allows this caller";
                case "Throttling", "ThrottlingException", "RequestLimitExceeded" -> "AWS is throttling requests: retry in a moment";
                default -> "check AWS_PROFILE / --profile and region; 'aws sts get-caller-identity' must work";
            };
            return new Described(code, (code == null ? "" : code + ": ") + msg, hint);
        }
        String msg = oneLine(String.valueOf(e.getMessage()));
        String lower = msg.toLowerCase(Locale.ROOT);
        if (lower.contains("unable to load credentials") || lower.contains("profile file contained no credentials")
                || lower.contains("no credentials") || lower.contains("access key must not be null")) {
            return new Described("NoCredentialProviders", "NoCredentialProviders: no valid providers in chain (" + msg + ")",
                    "run 'aws configure', or set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)");
        }
        if (lower.contains("connect") || lower.contains("unknownhost") || lower.contains("unable to execute http")
                || lower.contains("timed out")) {
            return new Described("NetworkError", msg, "check your network, and AWS_ENDPOINT_URL if you set it");
        }
        return new Described(null, msg, "check AWS_PROFILE / --profile; 'aws sts get-caller-identity' must work");
    }

    static String oneLine(String s) {
        if (s == null) return "";
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl).strip();
    }
}
