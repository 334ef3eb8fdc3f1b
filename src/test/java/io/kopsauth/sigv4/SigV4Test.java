package io.kopsauth.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The canonical request and signature of the authenticator's golden vector (reference/authenticator.md §2.1). */
class SigV4Test {

    @Test
    void goldenCanonicalRequestAndSignature() {
        String query = SigV4.canonicalQuery(List.of(
                Map.entry("Action", "GetCallerIdentity"),
                Map.entry("Version", "2011-06-15"),
                Map.entry("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
                Map.entry("X-Amz-Credential", "ASIAR2TG44V6AS3ZZE7C/20230428/us-west-2/sts/aws4_request"),
                Map.entry("X-Amz-Date", "20230428T000000Z"),
                Map.entry("X-Amz-Expires", "60"),
                Map.entry("X-Amz-SignedHeaders", "host;x-k8s-aws-id")));
        TreeMap<String, String> headers = new TreeMap<>(Map.of("host", "sts.us-west-2.amazonaws.com", "x-k8s-aws-id", "test-cluster"));
        String creq = SigV4.canonicalRequest("GET", "/", query, headers, "host;x-k8s-aws-id", SigV4.EMPTY_PAYLOAD_SHA256);
        assertThat(SigV4.sha256Hex(creq)).isEqualTo("bf3b1fded91e5e5f017f1ef3412816503859ec00029b9a3e269e0dbccba4231c");
        String sts = SigV4.stringToSign("20230428T000000Z", SigV4.scope("20230428", "us-west-2", "sts"), creq);
        assertThat(SigV4.signature("4KD5cntGcVmLWRdF5wvNRuzNL5Qxmp6OKVY6Fz/Q", "20230428", "us-west-2", "sts", sts))
                .isEqualTo("e211dba77aba9dc44b0b6be38b8eaad092599c5157f6314444c5b9d85747f5ce");
    }

    @Test
    void uriEncodingRoundTrips() {
        String s = "a/b c+d=e;f~ü";
        assertThat(SigV4.uriEncode(s, true)).isEqualTo("a%2Fb%20c%2Bd%3De%3Bf~%C3%BC");
        assertThat(SigV4.uriEncode(s, false)).startsWith("a/b");
        assertThat(SigV4.uriDecode(SigV4.uriEncode(s, true))).isEqualTo(s);
    }
}
