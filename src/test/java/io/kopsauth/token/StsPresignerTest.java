package io.kopsauth.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.kopsauth.json.Json;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The authenticator's golden vector (reference/authenticator.md §2.1), byte for byte, and the token's shape. */
class StsPresignerTest {
    static final SigningCredentials GOLDEN_KEYS =
            new SigningCredentials("ASIAR2TG44V6AS3ZZE7C", "4KD5cntGcVmLWRdF5wvNRuzNL5Qxmp6OKVY6Fz/Q", null, null);
    static final Instant GOLDEN_TIME = Instant.ofEpochSecond(1682640000);
    static final String GOLDEN_URL = "https://sts.us-west-2.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15"
            + "&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIAR2TG44V6AS3ZZE7C%2F20230428%2Fus-west-2%2Fsts%2Faws4_request"
            + "&X-Amz-Date=20230428T000000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id"
            + "&X-Amz-Signature=e211dba77aba9dc44b0b6be38b8eaad092599c5157f6314444c5b9d85747f5ce";
    static final String GOLDEN_TOKEN = "k8s-aws-v1.aHR0cHM6Ly9zdHMudXMtd2VzdC0yLmFtYXpvbmF3cy5jb20vP0FjdGlvbj1HZXRDYWxsZXJJZGVudGl0eSZWZXJzaW9uPTIwMTEtMDYtMTUmWC1BbXotQWxnb3JpdGhtPUFXUzQtSE1BQy1TSEEyNTYmWC1BbXotQ3JlZGVudGlhbD1BU0lBUjJURzQ0VjZBUzNaWkU3QyUyRjIwMjMwNDI4JTJGdXMtd2VzdC0yJTJGc3RzJTJGYXdzNF9yZXF1ZXN0JlgtQW16LURhdGU9MjAyMzA0MjhUMDAwMDAwWiZYLUFtei1FeHBpcmVzPTYwJlgtQW16LVNpZ25lZEhlYWRlcnM9aG9zdCUzQngtazhzLWF3cy1pZCZYLUFtei1TaWduYXR1cmU9ZTIxMWRiYTc3YWJhOWRjNDRiMGI2YmUzOGI4ZWFhZDA5MjU5OWM1MTU3ZjYzMTQ0NDRjNWI5ZDg1NzQ3ZjVjZQ";

    @Test
    void reproducesTheGoldenUrlAndToken() {
        URI endpoint = StsPresigner.endpoint("us-west-2", null);
        assertThat(endpoint).hasToString("https://sts.us-west-2.amazonaws.com/");
        assertThat(StsPresigner.presignedUrl("test-cluster", "us-west-2", endpoint, GOLDEN_KEYS, GOLDEN_TIME)).isEqualTo(GOLDEN_URL);
        Token t = StsPresigner.token("test-cluster", "us-west-2", endpoint, GOLDEN_KEYS, GOLDEN_TIME.plusMillis(999));
        assertThat(t.value()).isEqualTo(GOLDEN_TOKEN);
        assertThat(t.expiration()).isEqualTo(Instant.parse("2023-04-28T00:14:00Z"));
        assertThat(t.toString()).doesNotContain("k8s-aws-v1");
    }

    @Test
    void passesTheVerifiersLocalChecks() throws Exception {
        var checked = PresignedUrlChecks.check(GOLDEN_TOKEN, "aws", h -> false, GOLDEN_TIME.plusSeconds(60));
        assertThat(checked.accessKeyId()).isEqualTo("ASIAR2TG44V6AS3ZZE7C");
        assertThat(checked.region()).isEqualTo("us-west-2");
    }

    @Test
    void sessionTokenGoesBeforeSignedHeadersAndIsSigned() {
        var keys = new SigningCredentials("ASIAR2TG44V6AS3ZZE7C", "4KD5cntGcVmLWRdF5wvNRuzNL5Qxmp6OKVY6Fz/Q", "tok+en/=", null);
        String url = StsPresigner.presignedUrl("test-cluster", "us-west-2", StsPresigner.endpoint("us-west-2", null), keys, GOLDEN_TIME);
        assertThat(url).contains("&X-Amz-Expires=60&X-Amz-Security-Token=tok%2Ben%2F%3D&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id&X-Amz-Signature=")
                .doesNotContain("e211dba77aba9dc44b0b6be38b8eaad092599c5157f6314444c5b9d85747f5ce");
    }

    @Test
    void endpointOverrideKeepsSchemeAndHostPortOnly() {
        assertThat(StsPresigner.endpoint("us-west-1", URI.create("http://127.0.0.1:4566/some/path"))).hasToString("http://127.0.0.1:4566/");
        assertThat(StsPresigner.endpoint("us-west-1", URI.create("https://sts.example.com:443"))).hasToString("https://sts.example.com/");
        assertThat(StsPresigner.endpoint("cn-north-1", null)).hasToString("https://sts.cn-north-1.amazonaws.com.cn/");
        String url = StsPresigner.presignedUrl("c", "us-west-1", URI.create("http://127.0.0.1:4566/"), GOLDEN_KEYS, GOLDEN_TIME);
        assertThat(url).startsWith("http://127.0.0.1:4566/?Action=GetCallerIdentity&");
    }

    @Test
    void expiresWithShortLivedCredentials() {
        var keys = new SigningCredentials("ASIA1", "s", "t", GOLDEN_TIME.plusSeconds(300));
        assertThat(StsPresigner.token("c", "us-west-2", StsPresigner.endpoint("us-west-2", null), keys, GOLDEN_TIME).expiration())
                .isEqualTo(GOLDEN_TIME.plusSeconds(300));
    }

    @Test
    void execCredentialIsOneLineInTheAuthenticatorsKeyOrder() {
        Token t = new Token(GOLDEN_TOKEN, Instant.parse("2023-04-28T00:14:00Z"));
        assertThat(ExecCredential.json(t, ExecCredential.DEFAULT_API_VERSION)).isEqualTo(
                "{\"kind\":\"ExecCredential\",\"apiVersion\":\"client.authentication.k8s.io/v1beta1\",\"spec\":{\"interactive\":false},"
                        + "\"status\":{\"expirationTimestamp\":\"2023-04-28T00:14:00Z\",\"token\":\"" + GOLDEN_TOKEN + "\"}}");
    }

    @Test
    void apiVersionEchoesKubernetesExecInfo() {
        String v1 = Json.write(Map.of("kind", "ExecCredential", "apiVersion", "client.authentication.k8s.io/v1",
                "spec", Map.of("interactive", false)));
        assertThat(ExecCredential.apiVersion(v1)).isEqualTo("client.authentication.k8s.io/v1");
        assertThat(ExecCredential.apiVersion(null)).isEqualTo(ExecCredential.DEFAULT_API_VERSION);
        assertThat(ExecCredential.apiVersion("not json")).isEqualTo(ExecCredential.DEFAULT_API_VERSION);
        assertThat(ExecCredential.apiVersion("{\"kind\":\"ExecCredential\"}")).isEmpty();
    }
}
