package io.kopsauth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.kopsauth.aws.AwsClients;
import io.kopsauth.aws.AwsSettings;
import io.kopsauth.json.Json;
import io.kopsauth.support.FreshShell;
import io.kopsauth.support.FreshShell.Run;
import io.kopsauth.setup.ResourceKinds;
import io.kopsauth.setup.Values;
import io.kopsauth.workflow.FileJournal;
import io.kopsauth.workflow.Resource;
import io.kopsauth.workflow.RunState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * {@code kopsauth teardown --sandbox} end to end through the launcher: the real SDK against the sandbox's AWS
 * emulator, the kops simulator, the real kubectl. Setup is stopped after each step in turn (its halt hook) and
 * teardown must leave nothing setup created, while a foreign {@code KubernetesAdmin} role, a foreign bucket and
 * unrelated kubeconfig entries stay byte for byte. A bucket of 5 000 object versions is emptied in batches; the S3
 * requests are counted from teardown's per-run log (the SDK logs one "Sending Request" line per HTTP request).
 */
class TeardownSandboxIT {
    static Path dir;
    static Path project = Path.of(System.getProperty("kopsauth.project", ".")).toAbsolutePath();
    static Map<String, String> sandboxEnv;
    static final String ACCOUNT = "111122223333";
    static final String UNRELATED_KUBECONFIG = """
            apiVersion: v1
            clusters:
            - cluster:
                certificate-authority-data: Q0E=
                server: https://prod.example.com
                extensions:
                - name: client.authentication.k8s.io/exec
                  extension: {audience: prod}
              name: prod
            contexts:
            - context:
                cluster: prod
                namespace: payments
                user: sso
              name: prod
            current-context: prod
            kind: Config
            preferences:
              colors: true
            users:
            - name: sso
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1beta1
                  args: ["eks", "get-token", "--cluster-name", "prod"]
                  command: aws
                  env:
                  - name: AWS_PROFILE
                    value: prod
                  interactiveMode: IfAvailable
                  provideClusterInfo: false
            extensions:
            - extension:
                last-update: "2026-01-01"
              name: my-tool
            """;

    static FreshShell shell;

    @BeforeAll
    static void sandboxUp() throws Exception {
        shell = FreshShell.create("kopsauth-teardown-it", Map.of());
        dir = shell.dir();
        Run up = kopsauth(Map.of(), "sandbox", "up", "--boot-seconds", "2");
        assertThat(up.code()).as(up.err()).isZero();
        sandboxEnv = FreshShell.parseExports(kopsauth(Map.of(), "sandbox", "env").out());
        assertThat(sandboxEnv).containsKeys("AWS_ENDPOINT_URL", "AWS_CONFIG_FILE");
    }

    @AfterAll
    static void sandboxDown() throws Exception {
        if (shell != null) shell.close();
    }

    static Run exec(Map<String, String> extraEnv, List<String> argv) throws IOException, InterruptedException {
        return shell.exec(extraEnv, null, argv);
    }

    static Run kopsauth(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return shell.kopsauth(env, null, args);
    }

    static AwsClients aws() {
        return new AwsClients(AwsSettings.resolve(null, null, sandboxEnv));
    }

    static Path kubeconfig() {
        return dir.resolve("home").resolve(".kube").resolve("config");
    }

    static FileJournal journals() {
        return new FileJournal(dir.resolve("kopsauth").resolve("clusters"));
    }

    static boolean bucketExists(S3Client s3, String bucket) {
        try {
            s3.headBucket(b -> b.bucket(bucket));
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) return false;
            throw e;
        }
    }

    /** A journal as setup leaves it once the state bucket exists (setup stopped after create-state-bucket). */
    static RunState bucketJournal(String name) {
        RunState s = new RunState("setup", Instant.now());
        s.inputs(Map.of("region", "us-west-1", "name", name));
        s.put(RunState.CLUSTER, name);
        s.put(Values.ACCOUNT, ACCOUNT);
        s.put(Values.STATE_STORE, "s3://" + name);
        s.put(Values.STATE_BUCKET, name);
        s.record(Resource.created(ResourceKinds.S3_BUCKET, name, "create-state-bucket").with("region", "us-west-1"));
        return s;
    }

    /** A versioned, kopsauth-tagged bucket holding {@code entries} object versions and delete markers (one in ten). */
    static void fill(S3Client s3, String bucket, int entries) {
        s3.createBucket(b -> b.bucket(bucket).createBucketConfiguration(c -> c.locationConstraint("us-west-1")));
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        s3.putBucketTagging(b -> b.bucket(bucket).tagging(t -> t.tagSet(
                software.amazon.awssdk.services.s3.model.Tag.builder().key("kopsauth:managed-by").value("kopsauth").build())));
        for (int i = 0; i < entries; i++) {
            String key = bucket + "/state/object-" + (i % 97);
            if (i % 10 == 9) {
                s3.deleteObject(b -> b.bucket(bucket).key(key));
            } else {
                final int n = i;
                s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("version " + n));
            }
        }
    }

    /** The newest teardown per-run log. */
    static Path lastTeardownLog() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("kopsauth").resolve("logs"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("teardown-"))
                    .max(Comparator.comparing(p -> p.toFile().lastModified())).orElseThrow();
        }
    }

    /** S3 requests in a per-run log by operation: one SDK "Sending Request" line per HTTP request (retries too). */
    static Map<String, Integer> s3Requests(Path log, String bucket) throws IOException {
        Pattern req = Pattern.compile("Sending Request: .*httpMethod=(\\w+), .*encodedPath=([^,]*), .*queryParameters=\\[([^\\]]*)\\]");
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String line : Files.readAllLines(log)) {
            Matcher m = req.matcher(line);
            if (!m.find() || !(m.group(2).equals("/" + bucket) || m.group(2).startsWith("/" + bucket + "/"))) continue;
            String method = m.group(1);
            List<String> query = List.of(m.group(3).split(",\\s*"));
            String op = method.equals("GET") && query.contains("versions") ? "ListObjectVersions"
                    : method.equals("POST") && query.contains("delete") ? "DeleteObjects"
                    : method.equals("DELETE") && m.group(2).equals("/" + bucket) ? "DeleteBucket"
                    : "other (inspect, journal copy)";
            counts.merge(op, 1, Integer::sum);
            counts.merge("total", 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void bucketsOfManyVersionsAreEmptiedWithRequestsGrowingWithVersionsOver1000() throws Exception {
        Map<Integer, Map<String, Integer>> measured = new LinkedHashMap<>();
        try (S3Client s3 = aws().s3()) {
            for (int entries : List.of(1000, 2500, 5000)) {
                String name = "versions-" + entries + ".k8s.local";
                fill(s3, name, entries);
                journals().save(bucketJournal(name));

                Run r = kopsauth(Map.of(), "teardown", "--sandbox", "--name", name, "-y");

                assertThat(r.code()).as(r.out() + r.err()).isZero();
                assertThat(r.out()).contains("delete  s3-bucket " + name).contains("is torn down");
                assertThat(bucketExists(s3, name)).isFalse();
                measured.put(entries, s3Requests(lastTeardownLog(), name));
            }
        }
        System.out.println("S3 requests of teardown by object versions + delete markers: " + measured);
        measured.forEach((entries, counts) -> {
            int batches = (entries + 999) / 1000;
            assertThat(counts.get("DeleteObjects")).as(entries + ": " + counts).isEqualTo(batches);
            assertThat(counts.get("ListObjectVersions")).as(entries + ": " + counts).isBetween(batches, batches + 1);
        });
    }

    @Test
    void withoutALocalJournalTheCopyInTheStateStoreIsUsed() throws Exception {
        String name = "remote.k8s.local";
        try (S3Client s3 = aws().s3()) {
            fill(s3, name, 10);
            s3.putObject(b -> b.bucket(name).key(name + "/kopsauth/journal.json"), RequestBody.fromString(bucketJournal(name).toJsonText()));

            Run r = kopsauth(Map.of(), "teardown", "--sandbox", "--name", name, "--state-store", "s3://" + name, "-y", "-o", "json");

            assertThat(r.code()).as(r.out() + r.err()).isZero();
            List<String> lines = r.out().lines().toList();
            assertThat(Json.parseObject(lines.get(lines.size() - 1))).containsEntry("ok", true);
            assertThat(bucketExists(s3, name)).isFalse();
            assertThat(dir.resolve("kopsauth").resolve("clusters").resolve(name).resolve("history")).isDirectory();
        }
    }

    @Test
    void aClusterKopsauthNeverSawIsAnErrorThatSaysWhereItLooked() throws Exception {
        Run r = kopsauth(Map.of(), "teardown", "--sandbox", "--name", "never.k8s.local", "-y");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("kopsauth has no journal for cluster never.k8s.local").contains("s3://never.k8s.local")
                .contains("kopsauth status");
    }

    static final List<String> SETUP_STEPS = List.of("preflight", "choose-name", "create-state-bucket", "create-cluster",
            "create-admin-role", "configure-cluster-auth", "update-cluster", "apply-mapping", "add-kubeconfig-user", "validate");

    @Test
    void afterSetupStoppedAtEachStepTeardownLeavesOnlyWhatWasThereBefore() throws Exception {
        String foreignPolicy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"arn:aws:iam::" + ACCOUNT + ":root\"},\"Action\":\"sts:AssumeRole\"}]}";
        try (AwsClientsCloser c = new AwsClientsCloser(aws())) {
            var iam = c.clients.iam();
            var s3 = c.clients.s3();
            iam.createRole(b -> b.roleName("KubernetesAdmin").assumeRolePolicyDocument(foreignPolicy)
                    .tags(Tag.builder().key("team").value("platform").build()));
            s3.createBucket(b -> b.bucket("foreign-bucket").createBucketConfiguration(cf -> cf.locationConstraint("us-west-1")));
            s3.putObject(b -> b.bucket("foreign-bucket").key("keep-me"), RequestBody.fromString("mine"));
            Files.createDirectories(kubeconfig().getParent());
            Files.writeString(kubeconfig(), UNRELATED_KUBECONFIG);
            var roleBefore = iam.getRole(b -> b.roleName("KubernetesAdmin")).role();
            var tagsBefore = iam.listRoleTags(b -> b.roleName("KubernetesAdmin")).tags();

            for (String step : SETUP_STEPS) {
                String name = "stop-" + step + ".k8s.local";
                Run killed = kopsauth(Map.of("KOPSAUTH_TEST_HALT_AFTER", step), "setup", "--sandbox", "-y", "--name", name,
                        "--update-trust-policy", "--switch-context");
                assertThat(killed.code()).as("halted after " + step + ": " + killed.out() + killed.err()).isEqualTo(137);

                Run down = kopsauth(Map.of(), "teardown", "--sandbox", "--name", name, "-y");

                if (step.equals("preflight")) {
                    assertThat(down.code()).as("nothing was journaled before the name").isEqualTo(1);
                } else {
                    assertThat(down.code()).as("teardown after " + step + ": " + down.out() + down.err()).isZero();
                }
                assertThat(bucketExists(s3, name)).as("bucket after " + step).isFalse();
                Run cluster = exec(sandboxEnv, List.of(project.resolve("scripts").resolve("sandbox").resolve("kops").toString(),
                        "get", "cluster", "--name", name, "--state", "s3://" + name));
                assertThat(cluster.code()).as("kops still knows " + name).isNotZero();
                assertThat(Files.readString(kubeconfig())).as("kubeconfig after " + step).isEqualTo(UNRELATED_KUBECONFIG);
                var role = iam.getRole(b -> b.roleName("KubernetesAdmin")).role();
                assertThat(java.net.URLDecoder.decode(role.assumeRolePolicyDocument(), StandardCharsets.UTF_8))
                        .as("trust policy after " + step).isEqualTo(java.net.URLDecoder.decode(roleBefore.assumeRolePolicyDocument(), StandardCharsets.UTF_8));
                assertThat(iam.listRoleTags(b -> b.roleName("KubernetesAdmin")).tags()).as("role tags after " + step).isEqualTo(tagsBefore);
                assertThat(s3.getObjectAsBytes(b -> b.bucket("foreign-bucket").key("keep-me")).asUtf8String()).isEqualTo("mine");
                assertThat(iam.listRoles().roles()).extracting(r -> r.roleName()).containsExactly("KubernetesAdmin");
            }
        }
    }

    /** Closes the SDK clients after a test. */
    record AwsClientsCloser(AwsClients clients) implements AutoCloseable {
        @Override
        public void close() {
            clients.close();
        }
    }
}
