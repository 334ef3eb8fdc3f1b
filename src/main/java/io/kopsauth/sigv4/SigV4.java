package io.kopsauth.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.StringJoiner;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 primitives (canonical request, string to sign, signing key), shared by the token
 * presigner and the sandbox's verifier so that both sides compute exactly one definition of the algorithm.
 * See https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html.
 */
public final class SigV4 {
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    /** SHA-256 of the empty string: the payload hash of a GET (not UNSIGNED-PAYLOAD; the authenticator needs this). */
    public static final String EMPTY_PAYLOAD_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private SigV4() {}

    /** RFC 3986 encoding as SigV4 wants it: unreserved A-Za-z0-9-_.~ kept, everything else %XX uppercase. */
    public static String uriEncode(String s, boolean encodeSlash) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~' || (c == '/' && !encodeSlash)) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    /** Decodes %XX escapes; '+' stays a literal plus (callers decoding form bodies turn '+' into space first). */
    public static String uriDecode(String s) {
        byte[] out = new byte[s.length()];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                if (n == out.length) out = java.util.Arrays.copyOf(out, out.length * 2 + 4);
                out[n++] = (byte) Integer.parseInt(s.substring(i + 1, i + 3), 16);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                for (byte x : b) {
                    if (n == out.length) out = java.util.Arrays.copyOf(out, out.length * 2 + 4);
                    out[n++] = x;
                }
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    /** The canonical query string from already-decoded (key, value) pairs: encoded, sorted by key then value. */
    public static String canonicalQuery(List<Map.Entry<String, String>> params) {
        List<String[]> enc = new ArrayList<>();
        for (Map.Entry<String, String> p : params) {
            enc.add(new String[] {uriEncode(p.getKey(), true), uriEncode(p.getValue() == null ? "" : p.getValue(), true)});
        }
        enc.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringJoiner j = new StringJoiner("&");
        for (String[] kv : enc) j.add(kv[0] + "=" + kv[1]);
        return j.toString();
    }

    /**
     * The canonical request. {@code headers} maps lower-case names to values (already trimmed, sorted by the map);
     * {@code signedHeaders} is the ';'-joined list of the names that are signed.
     */
    public static String canonicalRequest(String method, String canonicalUri, String canonicalQuery,
                                          SortedMap<String, String> headers, String signedHeaders, String payloadHash) {
        StringBuilder sb = new StringBuilder();
        sb.append(method).append('\n').append(canonicalUri).append('\n').append(canonicalQuery).append('\n');
        for (String name : signedHeaders.split(";")) {
            String v = headers.get(name);
            sb.append(name).append(':').append(v == null ? "" : v.trim().replaceAll(" +", " ")).append('\n');
        }
        sb.append('\n').append(signedHeaders).append('\n').append(payloadHash);
        return sb.toString();
    }

    /** "20230428/us-west-2/sts/aws4_request". */
    public static String scope(String yyyymmdd, String region, String service) {
        return yyyymmdd + "/" + region + "/" + service + "/aws4_request";
    }

    public static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonicalRequest);
    }

    public static byte[] signingKey(String secretKey, String yyyymmdd, String region, String service) {
        byte[] k = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), yyyymmdd);
        k = hmac(k, region);
        k = hmac(k, service);
        return hmac(k, "aws4_request");
    }

    /** Lower-case hex HMAC-SHA256 signature of the string to sign. */
    public static String signature(String secretKey, String yyyymmdd, String region, String service, String stringToSign) {
        return hex(hmac(signingKey(secretKey, yyyymmdd, region, service), stringToSign));
    }

    public static String sha256Hex(String s) {
        return sha256Hex(s.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256Hex(byte[] data) {
        try {
            return hex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = Character.forDigit((bytes[i] >> 4) & 0xf, 16);
            out[2 * i + 1] = Character.forDigit(bytes[i] & 0xf, 16);
        }
        return new String(out);
    }

    /** Constant-time comparison of two signatures. */
    public static boolean sameSignature(String a, String b) {
        return a != null && b != null
                && MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
