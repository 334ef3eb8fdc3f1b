package io.kopsauth.sandbox.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kopsauth.sigv4.SigV4;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** aws-chunked decoding against the example in AWS's "Signature Calculations … in Multiple Chunks" page. */
class AwsChunkedTest {
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final String SEED = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
    static final String SCOPE = "20130524/us-east-1/s3/aws4_request";

    static SigV4Verifier.Signed signed(String mode) {
        return new SigV4Verifier.Signed(null, "s3", "us-east-1", "20130524T000000Z", SCOPE, SEED,
                SigV4.signingKey(SECRET, "20130524", "us-east-1", "s3"), mode, false);
    }

    static byte[] body(String sig1, String sig2, String sigFinal) {
        byte[] c1 = new byte[65536];
        byte[] c2 = new byte[1024];
        Arrays.fill(c1, (byte) 'a');
        Arrays.fill(c2, (byte) 'a');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("10000;chunk-signature=" + sig1 + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(c1);
        out.writeBytes(("\r\n400;chunk-signature=" + sig2 + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(c2);
        out.writeBytes(("\r\n0;chunk-signature=" + sigFinal + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    @Test
    void decodesAndVerifiesTheDocumentedExample() {
        byte[] body = body("ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648",
                "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497",
                "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9");
        AwsChunked.Decoded d = AwsChunked.decode(body, signed(AwsChunked.SIGNED));
        assertThat(d.data()).hasSize(66560).containsOnly((byte) 'a');
        assertThat(d.trailers()).isEmpty();
    }

    @Test
    void aTamperedChunkSignatureIsRejected() {
        byte[] body = body("ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648",
                "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5490",
                "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9");
        assertThatThrownBy(() -> AwsChunked.decode(body, signed(AwsChunked.SIGNED)))
                .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.code()).isEqualTo("SignatureDoesNotMatch"));
    }

    @Test
    void unsignedChunksWithAChecksumTrailer() {
        String body = "5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n";
        AwsChunked.Decoded d = AwsChunked.decode(body.getBytes(StandardCharsets.US_ASCII), signed(AwsChunked.UNSIGNED_TRAILER));
        assertThat(new String(d.data(), StandardCharsets.US_ASCII)).isEqualTo("hello world");
        assertThat(d.trailers()).containsEntry("x-amz-checksum-crc32", "DUoRhQ==");
    }

    @Test
    void aTruncatedBodyIsIncomplete() {
        assertThatThrownBy(() -> AwsChunked.decode("a\r\nhello".getBytes(StandardCharsets.US_ASCII), signed(AwsChunked.UNSIGNED_TRAILER)))
                .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.code()).isEqualTo("IncompleteBody"));
    }
}
