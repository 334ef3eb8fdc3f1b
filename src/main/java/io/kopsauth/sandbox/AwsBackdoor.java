package io.kopsauth.sandbox;

import java.util.Map;

/**
 * What the sandbox's Kubernetes API simulator needs from its AWS emulator, in-process: STS's answer to a
 * replayed presigned GetCallerIdentity (as the authenticator replays it over HTTPS), and the state store.
 */
public interface AwsBackdoor {

    /** STS's HTTP answer to GET {@code url} with these request headers (e.g. x-k8s-aws-id, accept). */
    HttpAnswer replayPresigned(String url, Map<String, String> headers);

    /** An object's bytes from the emulator's S3, or null if the bucket or key does not exist. */
    byte[] s3Object(String bucket, String key);

    /** An HTTP status, content type and body. */
    record HttpAnswer(int status, String contentType, String body) {}
}
