package io.kopsauth.sandbox.aws;

import io.kopsauth.sigv4.SigV4;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes S3's {@code aws-chunked} request bodies ({@code x-amz-content-sha256: STREAMING-…}): signed chunks
 * ({@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD}, each chunk signature chained from the seed signature), signed
 * trailers ({@code …-PAYLOAD-TRAILER}) and unsigned chunks with trailers ({@code STREAMING-UNSIGNED-PAYLOAD-TRAILER},
 * as SDKs send flexible checksums such as {@code x-amz-checksum-crc32}).
 */
final class AwsChunked {
    static final String SIGNED = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    static final String SIGNED_TRAILER = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
    static final String UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

    /** The decoded payload and its trailing headers (lower-case names). */
    record Decoded(byte[] data, Map<String, String> trailers) {}

    private AwsChunked() {}

    static boolean isStreaming(String payloadHash) {
        return payloadHash != null && payloadHash.startsWith("STREAMING-");
    }

    static Decoded decode(byte[] body, SigV4Verifier.Signed signed) {
        String mode = signed.payloadHash();
        if (!mode.equals(SIGNED) && !mode.equals(SIGNED_TRAILER) && !mode.equals(UNSIGNED_TRAILER)) {
            throw new AwsException(400, "InvalidArgument", "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, "
                    + "STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, "
                    + "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or a valid sha256 value.");
        }
        boolean chunkSigned = !mode.equals(UNSIGNED_TRAILER);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
        Map<String, String> trailers = new LinkedHashMap<>();
        String prev = signed.signature();
        int pos = 0;
        while (true) {
            int eol = indexOfCrlf(body, pos);
            if (eol < 0) throw incomplete();
            String header = new String(body, pos, eol - pos, StandardCharsets.US_ASCII);
            pos = eol + 2;
            String[] parts = header.split(";");
            int size;
            try {
                size = Integer.parseInt(parts[0].trim(), 16);
            } catch (NumberFormatException e) {
                throw incomplete();
            }
            if (size < 0 || pos + size > body.length) throw incomplete();
            byte[] chunk = Arrays.copyOfRange(body, pos, pos + size);
            pos += size;
            if (chunkSigned) {
                String sig = null;
                for (int i = 1; i < parts.length; i++) {
                    String p = parts[i].trim();
                    if (p.startsWith("chunk-signature=")) sig = p.substring("chunk-signature=".length());
                }
                String sts = "AWS4-HMAC-SHA256-PAYLOAD\n" + signed.amzDate() + "\n" + signed.scope() + "\n" + prev + "\n"
                        + SigV4.EMPTY_PAYLOAD_SHA256 + "\n" + SigV4.sha256Hex(chunk);
                String expected = SigV4.hex(SigV4.hmac(signed.signingKey(), sts));
                if (!SigV4.sameSignature(expected, sig)) {
                    throw new AwsException(403, "SignatureDoesNotMatch",
                            "The request signature we calculated does not match the signature you provided. Check your key and signing method.");
                }
                prev = expected;
            }
            out.write(chunk, 0, chunk.length);
            if (size == 0) break;
            if (pos + 2 > body.length || body[pos] != '\r' || body[pos + 1] != '\n') throw incomplete();
            pos += 2;
        }
        // Trailer section: "name:value\r\n"… then an empty line (a signed trailer ends with x-amz-trailer-signature).
        StringBuilder canonicalTrailers = new StringBuilder();
        String trailerSig = null;
        while (pos < body.length) {
            int eol = indexOfCrlf(body, pos);
            String line = new String(body, pos, (eol < 0 ? body.length : eol) - pos, StandardCharsets.UTF_8);
            pos = eol < 0 ? body.length : eol + 2;
            if (line.isEmpty()) continue;
            int c = line.indexOf(':');
            if (c < 0) throw incomplete();
            String name = line.substring(0, c).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(c + 1).trim();
            if (name.equals("x-amz-trailer-signature")) {
                trailerSig = value;
            } else {
                trailers.put(name, value);
                canonicalTrailers.append(name).append(':').append(value).append('\n');
            }
        }
        if (mode.equals(SIGNED_TRAILER)) {
            String sts = "AWS4-HMAC-SHA256-TRAILER\n" + signed.amzDate() + "\n" + signed.scope() + "\n" + prev + "\n"
                    + SigV4.sha256Hex(canonicalTrailers.toString());
            String expected = SigV4.hex(SigV4.hmac(signed.signingKey(), sts));
            if (!SigV4.sameSignature(expected, trailerSig)) {
                throw new AwsException(403, "SignatureDoesNotMatch",
                        "The request signature we calculated does not match the signature you provided. Check your key and signing method.");
            }
        }
        return new Decoded(out.toByteArray(), trailers);
    }

    private static AwsException incomplete() {
        return new AwsException(400, "IncompleteBody", "The request body terminated unexpectedly");
    }

    private static int indexOfCrlf(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) if (b[i] == '\r' && b[i + 1] == '\n') return i;
        return -1;
    }
}
