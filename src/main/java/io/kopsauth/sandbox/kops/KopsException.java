package io.kopsauth.sandbox.kops;

/** A kops error: printed as {@code Error: <message>} on stderr, exit 1 (as cobra does in kops). */
public final class KopsException extends RuntimeException {
    public KopsException(String message) {
        super(message);
    }
}
