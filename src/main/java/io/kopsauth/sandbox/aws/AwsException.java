package io.kopsauth.sandbox.aws;

import java.util.LinkedHashMap;
import java.util.Map;

/** An AWS error answer: HTTP status, error code, message, and (for S3) extra elements such as BucketName. */
final class AwsException extends RuntimeException {
    private final int status;
    private final String code;
    private final boolean sender;
    private final Map<String, String> extra = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    AwsException(int status, String code, String message) {
        this(status, code, message, status < 500);
    }

    AwsException(int status, String code, String message, boolean sender) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.sender = sender;
    }

    AwsException with(String element, String value) {
        if (value != null) extra.put(element, value);
        return this;
    }

    AwsException header(String name, String value) {
        if (value != null) headers.put(name, value);
        return this;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    boolean sender() {
        return sender;
    }

    Map<String, String> extra() {
        return extra;
    }

    Map<String, String> headers() {
        return headers;
    }

    // IAM/STS query-protocol errors.
    static AwsException noSuchEntity(String message) {
        return new AwsException(404, "NoSuchEntity", message);
    }

    static AwsException validation(String message) {
        return new AwsException(400, "ValidationError", message);
    }

    static AwsException invalidInput(String message) {
        return new AwsException(400, "InvalidInput", message);
    }

    static AwsException accessDenied(String message) {
        return new AwsException(403, "AccessDenied", message);
    }
}
