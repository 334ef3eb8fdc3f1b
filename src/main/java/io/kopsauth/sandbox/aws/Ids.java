package io.kopsauth.sandbox.aws;

import java.security.SecureRandom;
import java.util.UUID;

/** Random identifiers shaped like AWS's: access keys, unique ids, version ids, request ids. */
final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final String VERSION_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._";

    private Ids() {}

    /** A prefix (AKIA, ASIA, AROA, AIDA, AIPA) followed by upper-case letters and digits up to {@code length}. */
    static String upper(String prefix, int length) {
        return prefix + random(UPPER_ALNUM, length - prefix.length());
    }

    static String secret() {
        return random(SECRET_CHARS, 40);
    }

    /** An opaque session token (AWS's are long base64 strings). */
    static String sessionToken() {
        return "FwoGZXIvYXdzE" + random(SECRET_CHARS, 343);
    }

    static String versionId() {
        return random(VERSION_CHARS, 32);
    }

    static String requestId() {
        return UUID.randomUUID().toString();
    }

    static String s3RequestId() {
        return random("0123456789ABCDEF", 16);
    }

    private static String random(String alphabet, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        return sb.toString();
    }
}
