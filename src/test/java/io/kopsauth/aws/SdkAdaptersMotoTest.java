package io.kopsauth.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SDK adapters against moto, an independent AWS emulator (real wire protocol, no mocks). */
class SdkAdaptersMotoTest {
    static Process moto;
    static AwsClients clients;
    static Path log;

    @BeforeAll
    static void startMoto() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        log = Files.createTempFile("moto", ".log");
        moto = new ProcessBuilder("python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        URI ep = URI.create("http://127.0.0.1:" + port);
        for (int i = 0; i < 300; i++) {
            try {
                HttpURLConnection c = (HttpURLConnection) ep.resolve("/moto-api/").toURL().openConnection();
                c.setConnectTimeout(200);
                if (c.getResponseCode() > 0) break;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        clients = new AwsClients(AwsSettings.resolve(null, "us-west-1", Map.of(
                "AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY", "secret",
                "AWS_ENDPOINT_URL", ep.toString(), "HOME", System.getProperty("java.io.tmpdir"))));
    }

    @AfterAll
    static void stop() throws Exception {
        if (clients != null) clients.close();
        if (moto != null) {
            moto.destroy();
            moto.waitFor();
        }
        Files.deleteIfExists(log);
    }

    @Test
    void identityNamesTheAccount() {
        Identity.Caller c = new SdkIdentity(clients.sts()).whoAmI();
        assertThat(c.account()).matches("\\d{12}");
        assertThat(c.arn()).startsWith("arn:aws:");
    }

    @Test
    void bucketLifecycle() {
        SdkStateBuckets b = new SdkStateBuckets(clients.s3());
        String account = new SdkIdentity(clients.sts()).whoAmI().account();
        String name = "kopsauth-test-" + System.nanoTime();
        assertThat(b.inspect(name, account).access()).isEqualTo(StateBuckets.Access.MISSING);

        b.create(name, "us-west-1");
        b.enableVersioning(name);
        b.enableDefaultEncryption(name);
        b.blockPublicAccess(name);
        b.tag(name, Map.of(StateBuckets.MANAGED_BY_TAG, "kopsauth", "kopsauth:cluster", "c.k8s.local"));

        StateBuckets.Bucket got = b.inspect(name, account);
        assertThat(got.access()).isEqualTo(StateBuckets.Access.OURS);
        assertThat(got.versioning()).isTrue();
        assertThat(got.createdByKopsauth()).isTrue();
        assertThat(got.region()).isEqualTo("us-west-1");

        assertThat(b.putObjectIfAbsent(name, "c/kopsauth/lock.json", "{\"a\":1}")).isTrue();
        assertThat(b.putObjectIfAbsent(name, "c/kopsauth/lock.json", "{\"a\":2}")).isFalse();
        assertThat(b.getObject(name, "c/kopsauth/lock.json")).contains("{\"a\":1}");
        b.putObject(name, "c/kopsauth/journal.json", "{}");
        b.putObject(name, "c/kopsauth/journal.json", "{\"v\":2}");
        b.deleteObject(name, "c/kopsauth/lock.json");
        assertThat(b.getObject(name, "c/kopsauth/lock.json")).isEmpty();

        assertThat(b.deleteAllVersions(name)).isEqualTo(4); // two journal versions, lock version, lock delete marker
        b.deleteBucket(name);
        assertThat(b.inspect(name, account).access()).isEqualTo(StateBuckets.Access.MISSING);
    }

    @Test
    void roleLifecycle() {
        SdkIamRoles r = new SdkIamRoles(clients.iam());
        String name = "KubernetesAdmin" + System.nanoTime();
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"sts:AssumeRole\"}]}";
        assertThat(r.get(name)).isEmpty();

        IamRoles.Role created = r.create(name, policy, "kopsauth admin", Map.of("kopsauth:clusters", "a.k8s.local"));
        assertThat(created.arn()).endsWith(":role/" + name);
        r.tag(name, Map.of("kopsauth:managed-by", "kopsauth"));
        r.untag(name, List.of("kopsauth:clusters"));
        r.updateTrustPolicy(name, policy.replace("123456789012", "210987654321"));

        IamRoles.Role got = r.get(name).orElseThrow();
        assertThat(got.trustPolicy()).contains("210987654321");
        assertThat(got.tags()).containsEntry("kopsauth:managed-by", "kopsauth").doesNotContainKey("kopsauth:clusters");
        assertThat(r.attachedPolicies(name)).isEmpty();
        assertThat(r.inlinePolicies(name)).isEmpty();
        assertThat(r.instanceProfiles(name)).isEmpty();
        r.delete(name);
        assertThat(r.get(name)).isEmpty();
    }
}
