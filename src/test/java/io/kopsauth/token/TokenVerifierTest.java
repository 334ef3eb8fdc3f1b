package io.kopsauth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Check 16 (the identity in STS's answer) and the raw HTTP response parsing of the host-routed replay. */
class TokenVerifierTest {

    static String body(String arn, String account, String userId) {
        return "{\"GetCallerIdentityResponse\":{\"GetCallerIdentityResult\":{\"Account\":\"" + account + "\",\"Arn\":\"" + arn
                + "\",\"UserId\":\"" + userId + "\"},\"ResponseMetadata\":{\"RequestId\":\"r\"}}}";
    }

    @Test
    void assumedRoleSplitsUserIdAndCanonicalisesThePath() throws Exception {
        TokenIdentity id = TokenVerifier.identity(body("arn:aws:sts::111122223333:assumed-role/KubernetesAdmin/alice@example.com",
                "111122223333", "AROAEXAMPLE:alice@example.com"), "ASIAKEY", "sts.us-west-1.amazonaws.com");
        assertThat(id).isEqualTo(new TokenIdentity("arn:aws:sts::111122223333:assumed-role/KubernetesAdmin/alice@example.com",
                "arn:aws:iam::111122223333:role/KubernetesAdmin", "111122223333", "AROAEXAMPLE", "alice@example.com",
                "ASIAKEY", "sts.us-west-1.amazonaws.com"));
        assertThat(id.toJson()).contains("\"CanonicalARN\": \"arn:aws:iam::111122223333:role/KubernetesAdmin\"");
    }

    @Test
    void userKeepsItsWholeUserId() throws Exception {
        TokenIdentity id = TokenVerifier.identity(body("arn:aws:iam::111122223333:user/alice", "111122223333", "AIDAEXAMPLE"), "AKIA", "h");
        assertThat(id.userId()).isEqualTo("AIDAEXAMPLE");
        assertThat(id.sessionName()).isEmpty();
    }

    @Test
    void malformedAnswersAreRejectedWithTheAuthenticatorsMessages() {
        assertThatThrownBy(() -> TokenVerifier.identity(body("arn:aws:sts::111122223333:assumed-role/R/s", "111122223333", "AROA:a:b"), "A", "h"))
                .hasMessage("sts getCallerIdentity failed: malformed UserID \"AROA:a:b\"");
        assertThatThrownBy(() -> TokenVerifier.identity(body("arn:aws:s3:::bucket", "111122223333", "x"), "A", "h"))
                .hasMessage("sts getCallerIdentity failed: service s3 in arn arn:aws:s3:::bucket is not a valid service for identities");
        assertThatThrownBy(() -> TokenVerifier.identity("<xml/>", "A", "h")).hasMessageStartingWith("sts getCallerIdentity failed: ");
    }

    @Test
    void parsesContentLengthAndChunkedResponses() throws Exception {
        var fixed = SocketHttpGet.parse("HTTP/1.1 403 Forbidden\r\nContent-Length: 5\r\n\r\nhello-extra".getBytes(StandardCharsets.UTF_8));
        assertThat(fixed).isEqualTo(new SocketHttpGet.Response(403, "hello"));
        var chunked = SocketHttpGet.parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;x=y\r\n world\r\n0\r\n\r\n"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(chunked).isEqualTo(new SocketHttpGet.Response(200, "hello world"));
        assertThatThrownBy(() -> SocketHttpGet.parse("HTTP/1.1 abc\r\n\r\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(java.io.IOException.class);
        assertThatThrownBy(() -> SocketHttpGet.parse("garbage".getBytes(StandardCharsets.UTF_8))).isInstanceOf(java.io.IOException.class);
    }
}
