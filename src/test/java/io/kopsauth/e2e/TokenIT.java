package io.kopsauth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.kopsauth.exec.Cmd;
import io.kopsauth.exec.ProcResult;
import io.kopsauth.exec.ZtExecProcessRunner;
import io.kopsauth.json.Json;
import io.kopsauth.support.AwsWorlds;
import io.kopsauth.token.TokenVerifier;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kopsauth token} as kubectl runs it, in child JVMs against the sandbox: a cache hit loads no AWS SDK
 * (nor snakeyaml or FreeMarker) class, proven with {@code -Xlog:class+load}; the launcher makes a CDS archive on
 * the first run, uses it afterwards, keeps JVM messages off stdout, and survives broken or stale archives; the
 * real kubectl runs it as its exec plugin (apiVersion v1) and sends a token that verifies.
 */
class TokenIT {
    static final String CLUSTER = "demo.k8s.local";
    @TempDir
    Path tmp;
    Map<String, String> env;
    Path jar;
    Path launcher;

    @BeforeEach
    void setUp() throws Exception {
        env = new HashMap<>(AwsWorlds.sandbox().env());
        env.put("HOME", tmp.toString());
        env.put("KOPSAUTH_HOME", tmp.resolve("kopsauth").toString());
        env.put("KOPSAUTH_JAVA_OPTS", null);
        env.put("KOPSAUTH_CDS", null);
        // A copy of the jar, so that its CDS archive (<jar>.jsa) is this test's own.
        jar = tmp.resolve("kopsauth.jar");
        Files.copy(Path.of(System.getProperty("kopsauth.jar")), jar);
        env.put("KOPSAUTH_JAR", jar.toString());
        launcher = Path.of(System.getProperty("kopsauth.project"), "scripts", "kopsauth");
    }

    ProcResult run(List<String> argv) {
        ProcResult r = new ZtExecProcessRunner().run(Cmd.of(argv).withEnv(env).withTimeout(Duration.ofMinutes(3)));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return r;
    }

    ProcResult java(Path classLog, String... args) {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + classLog, "-cp", jar.toString(), "io.kopsauth.Main"));
        argv.addAll(List.of(args));
        return run(argv);
    }

    ProcResult launcher(String... args) {
        List<String> argv = new ArrayList<>(List.of(launcher.toString()));
        argv.addAll(List.of(args));
        return run(argv);
    }

    static List<String> loaded(Path classLog, String prefix) throws Exception {
        return Files.readAllLines(classLog).stream().filter(l -> l.contains(" " + prefix)).toList();
    }

    @Test
    void aCacheHitLoadsNoAwsSdkClass() throws Exception {
        Path miss = tmp.resolve("miss.log");
        Path hit = tmp.resolve("hit.log");
        String first = java(miss, "token", "-i", CLUSTER).stdout();
        String second = java(hit, "token", "-i", CLUSTER).stdout();
        assertThat(second).isEqualTo(first);
        // The miss signs with the SDK's credentials: the probe sees SDK classes when they are loaded.
        assertThat(loaded(miss, "software.amazon.awssdk.")).isNotEmpty();
        assertThat(loaded(hit, "io.kopsauth.token.TokenCache")).isNotEmpty();
        assertThat(loaded(hit, "software.amazon.awssdk.")).isEmpty();
        assertThat(loaded(hit, "org.yaml.snakeyaml.")).isEmpty();
        assertThat(loaded(hit, "freemarker.")).isEmpty();
        assertThat(loaded(hit, "org.slf4j.")).isEmpty();
        assertThat(tmp.resolve("kopsauth/logs")).doesNotExist();
    }

    @Test
    void launcherMakesAndUsesAClassDataSharingArchive() throws Exception {
        Path jsa = tmp.resolve("kopsauth.jsa");
        ProcResult first = launcher("token", "-i", CLUSTER, "--no-cache");
        assertExecCredentialOnly(first);
        assertThat(jsa).exists();
        try (var leftovers = Files.list(tmp)) {
            assertThat(leftovers.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp"))).isEmpty();
        }
        Path classLog = tmp.resolve("cds.log");
        env.put("KOPSAUTH_JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog);
        assertExecCredentialOnly(launcher("token", "-i", CLUSTER));
        assertThat(loaded(classLog, "io.kopsauth.cli.TokenCommand source: shared objects file")).isNotEmpty();
    }

    @Test
    void brokenOrStaleArchivesNeverBreakARun() throws Exception {
        Path jsa = tmp.resolve("kopsauth.jsa");
        Files.writeString(jsa, "not an archive");
        Files.setLastModifiedTime(jsa, FileTime.from(Instant.now().plusSeconds(60)));
        assertExecCredentialOnly(launcher("token", "-i", CLUSTER));
        assertThat(Files.readString(jsa)).isEqualTo("not an archive");

        // Older than the jar (a rebuild): not used, and the run makes a fresh one.
        Files.setLastModifiedTime(jsa, FileTime.from(Instant.now().minusSeconds(3600)));
        assertExecCredentialOnly(launcher("token", "-i", CLUSTER));
        assertThat(Files.size(jsa)).isGreaterThan(100_000);

        // An archive newer than the jar but recorded for another jar (the jar was replaced by one with an older
        // time stamp): the launcher passes it, the JVM refuses it (-Xshare:auto), the run works.
        Path other = tmp.resolve("other.jar");
        Files.copy(jar, other);
        Files.move(other, jar, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(7200)));
        assertThat(Files.getLastModifiedTime(jsa).toInstant()).isAfter(Files.getLastModifiedTime(jar).toInstant());
        assertExecCredentialOnly(launcher("token", "-i", CLUSTER));
    }

    @Test
    void kubectlRunsItAsItsExecPluginAndTheTokenVerifies() throws Exception {
        List<String> auth = new java.util.concurrent.CopyOnWriteArrayList<>();
        // client-go sends exec-plugin credentials only over TLS: a self-signed HTTPS endpoint made with keytool.
        Path keystore = tmp.resolve("api.p12");
        run(List.of("keytool", "-genkeypair", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass",
                "changeit", "-alias", "api", "-keyalg", "EC", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1", "-validity", "2"));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        HttpsServer api = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.setHttpsConfigurator(new HttpsConfigurator(tls));
        api.createContext("/", ex -> {
            auth.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            byte[] body = "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":[]}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        api.start();
        try {
            Path kubeconfig = tmp.resolve("kubeconfig");
            Files.writeString(kubeconfig, String.join("\n",
                    "apiVersion: v1",
                    "kind: Config",
                    "clusters:",
                    "- name: demo",
                    "  cluster: {server: 'https://127.0.0.1:" + api.getAddress().getPort() + "', insecure-skip-tls-verify: true}",
                    "users:",
                    "- name: admin",
                    "  user:",
                    "    exec:",
                    "      apiVersion: client.authentication.k8s.io/v1",
                    "      command: '" + launcher + "'",
                    "      args: [token, -i, " + CLUSTER + "]",
                    "      interactiveMode: Never",
                    "contexts:",
                    "- name: demo",
                    "  context: {cluster: demo, user: admin}",
                    "current-context: demo",
                    ""));
            run(List.of("kubectl", "--kubeconfig", kubeconfig.toString(), "get", "--raw", "/api"));
            run(List.of("kubectl", "--kubeconfig", kubeconfig.toString(), "get", "--raw", "/api"));
            assertThat(auth).isNotEmpty().allSatisfy(h -> assertThat(h).startsWith("Bearer k8s-aws-v1."));
            String token = auth.get(0).substring("Bearer ".length());
            // The second kubectl process got the cached token.
            assertThat(auth.get(auth.size() - 1)).isEqualTo(auth.get(0));
            var id = new TokenVerifier(CLUSTER, "aws", AwsWorlds.sandbox().endpoint(), Clock.systemUTC()).verify(token);
            assertThat(id.arn()).isEqualTo("arn:aws:iam::111122223333:user/sandbox-admin");
        } finally {
            api.stop(0);
        }
    }

    static void assertExecCredentialOnly(ProcResult r) {
        assertThat(r.stdout()).endsWith("\n");
        assertThat(r.stdout().strip()).doesNotContain("\n");
        assertThat(Json.parseObject(r.stdout())).containsEntry("kind", "ExecCredential");
    }
}
