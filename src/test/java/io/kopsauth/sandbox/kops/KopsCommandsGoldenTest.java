package io.kopsauth.sandbox.kops;

import static org.assertj.core.api.Assertions.assertThat;

import io.kopsauth.aws.AwsClients;
import io.kopsauth.aws.AwsSettings;
import io.kopsauth.json.Json;
import io.kopsauth.sandbox.SandboxHome;
import io.kopsauth.sandbox.SandboxServer;
import io.kopsauth.sandbox.aws.StateFiles;
import io.kopsauth.support.Golden;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Every kops simulator command against golden files in {@code golden/kops-commands/} (stdout, stderr and exit code, with
 * timestamps, ports and pod suffixes normalised), run in-process against an in-process sandbox (AWS emulator and
 * Kubernetes API simulator). Regenerate with {@code -Dgolden.update=true} and review the diff.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KopsCommandsGoldenTest {
    static Path root;
    static SandboxServer server;
    static Map<String, String> env;

    @BeforeAll
    static void start() throws Exception {
        root = Files.createTempDirectory("kops-golden");
        server = SandboxServer.start(new SandboxHome(root.resolve("sandbox")), new SandboxServer.Options(0, 0, 0, 0, Map.of(), true));
        env = new HashMap<>();
        env.put("HOME", root.toString());
        env.put("KUBECONFIG", root.resolve("kubeconfig").toString());
        env.put("AWS_CONFIG_FILE", server.home().awsConfig().toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", server.home().awsCredentials().toString());
        env.put("AWS_PROFILE", SandboxHome.PROFILE);
        env.put("AWS_REGION", SandboxHome.REGION);
        env.put("AWS_ENDPOINT_URL", server.endpoint().toString());
        env.put("S3_ENDPOINT", server.endpoint().toString());
        env.put("KOPSAUTH_SANDBOX_URL", server.endpoint().toString());
        env.put("KOPS_STATE_STORE", "s3://golden-state");
        env.put("KOPSAUTH_SANDBOX_BOOT_SECONDS", "0");
        AwsClients aws = new AwsClients(AwsSettings.resolve(null, null, env));
        try {
            aws.s3().createBucket(b -> b.bucket("golden-state").createBucketConfiguration(c -> c.locationConstraint("us-west-1")));
        } finally {
            aws.close();
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) server.stop();
        StateFiles.deleteTree(root);
    }

    record Run(int code, String out, String err) {}

    static Run kops(Map<String, String> extraEnv, String stdin, String... args) {
        Map<String, String> e = new HashMap<>(env);
        e.putAll(extraEnv);
        e.values().removeIf(v -> v == null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = KopsSimulator.run(args, e, new ByteArrayInputStream((stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC());
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Run kops(String... args) {
        return kops(Map.of(), null, args);
    }

    static String normalize(String s) {
        return s.replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ", "<timestamp>")
                .replaceAll("(?m)^([IWE])\\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{6} +\\d+ ", "$1<klog> ")
                .replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:<port>")
                .replaceAll("aws-iam-authenticator-[bcdfghjklmnpqrstvwxz2456789]{5}\\b", "aws-iam-authenticator-<pod>")
                .replaceAll("RequestID: [^,]*, HostID: [^,]*,", "RequestID: <id>, HostID: <id>,")
                .replace(root.toString(), "<tmp>");
    }

    /** Runs the command and compares its transcript with {@code golden/kops/<name>.txt}. */
    static Run golden(String name, Map<String, String> extraEnv, String stdin, String... args) {
        Run r = kops(extraEnv, stdin, args);
        String transcript = "$ kops " + String.join(" ", args) + "\nexit: " + r.code() + "\n--- stdout\n" + r.out() + "--- stderr\n" + r.err();
        Golden.assertMatches("kops-commands/" + name + ".txt", normalize(transcript));
        return r;
    }

    static Run golden(String name, String... args) {
        return golden(name, Map.of(), null, args);
    }

    @Test
    @Order(1)
    void version() {
        golden("version", "version");
        golden("version-short", "version", "--short");
        golden("unknown-command", "frobnicate");
    }

    @Test
    @Order(2)
    void createClusterErrors() {
        Map<String, String> noStore = new HashMap<>();
        noStore.put("KOPS_STATE_STORE", null);
        golden("create-no-state-store", noStore, null, "create", "cluster", "--name", "a.example.com", "--zones", "us-west-1a");
        golden("create-no-zones", "create", "cluster", "--name", "a.example.com");
        golden("create-no-name", "create", "cluster", "--zones", "us-west-1a");
        golden("create-bad-authorization", "create", "cluster", "a.example.com", "--zones", "us-west-1a", "--authorization", "ABAC");
        golden("create-dry-run-no-output", "create", "cluster", "a.example.com", "--zones", "us-west-1a", "--dry-run");
        golden("create-bad-name", "create", "cluster", "A_Cluster", "--zones", "us-west-1a");
        golden("create-missing-bucket", "create", "cluster", "a.example.com", "--zones", "us-west-1a", "--state", "s3://no-such-bucket");
        golden("create-set-index-growth", "create", "cluster", "a.example.com", "--zones", "us-west-1a",
                "--set", "spec.authentication.aws.identityMappings[0].arn=arn:aws:iam::111122223333:role/KubernetesAdmin");
    }

    @Test
    @Order(3)
    void createClusterDryRun() {
        Run r = golden("create-dry-run-yaml", "create", "cluster", "--name", "dry.example.com", "--zones", "us-west-1a",
                "--node-count", "2", "--kubernetes-version", "1.36.0", "--networking", "cni", "--dry-run", "-o", "yaml");
        assertThat(r.code()).isZero();
        golden("create-dry-run-json", "create", "cluster", "--name", "dry.example.com", "--zones", "us-west-1a,us-west-1b",
                "--dry-run", "-o", "json");
        assertThat(kops("get", "cluster", "dry.example.com").code()).isEqualTo(1);
    }

    @Test
    @Order(4)
    void createGetEditReplace() throws Exception {
        golden("create-cluster", "create", "cluster", "--name", "crd.example.com", "--zones", "us-west-1a", "--node-count", "1",
                "--set", "spec.authentication.aws.backendMode=CRD");
        golden("create-cluster-exists", "create", "cluster", "--name", "crd.example.com", "--zones", "us-west-1a");
        golden("get-clusters-table", "get", "clusters");
        golden("get-cluster-yaml", "get", "cluster", "crd.example.com", "-o", "yaml");
        golden("get-cluster-json", "get", "cluster", "crd.example.com", "-o", "json");
        golden("get-clusters-json", "get", "clusters", "-o", "json");
        golden("get-cluster-not-found", "get", "cluster", "nope.example.com");
        golden("edit-index-growth", "edit", "cluster", "crd.example.com", "--set", "spec.authentication.aws.identityMappings[0].arn=arn:aws:iam::111122223333:role/KubernetesAdmin");
        golden("edit-set", "edit", "cluster", "crd.example.com", "--set", "spec.authentication.aws.clusterID=crd.example.com");

        String yaml = kops("get", "cluster", "crd.example.com", "-o", "yaml").out();
        String bad = yaml.replace("      backendMode: CRD\n", "      backendMode: MountedFile\n      identityMappings:\n"
                + "      - arn: arn:aws:iam::111122223333:group/Admins\n        username: admin\n");
        golden("replace-invalid", Map.of(), bad, "replace", "-f", "-");
        String good = yaml.replace("      backendMode: CRD\n", "      backendMode: CRD\n      identityMappings:\n"
                + "      - arn: arn:aws:iam::111122223333:user/sandbox-admin\n        groups:\n        - system:masters\n        username: admin:{{SessionName}}\n");
        golden("replace", Map.of(), good, "replace", "-f", "-");
        golden("replace-missing", Map.of(), good.replace("crd.example.com", "other.example.com"), "replace", "-f", "-");
        assertThat(kops("get", "cluster", "crd.example.com", "-o", "yaml").out()).contains("generation: 2").contains("username: admin:{{SessionName}}");
    }

    @Test
    @Order(5)
    void createFromFile() throws Exception {
        String manifest = Files.readString(ClusterSpecsTest.FIXTURE)
                .replace("memfs://tests/minimal.example.com", "s3://golden-state/minimal.example.com")
                .replace("us-test-1a", "us-west-1a").replace("  authorization:\n    rbac: {}\n", "");
        golden("create-f", Map.of(), manifest, "create", "-f", "-");
        golden("create-f-exists", Map.of(), manifest, "create", "-f", "-");
        assertThat(kops("get", "cluster", "minimal.example.com", "-o", "yaml").out()).contains("authorization:\n    rbac: {}");
    }

    @Test
    @Order(6)
    void updateExportValidate() throws Exception {
        golden("update-dry-run", "update", "cluster", "crd.example.com");
        golden("update-yes", "update", "cluster", "crd.example.com", "--yes", "--admin");
        golden("update-no-changes", "update", "cluster", "crd.example.com");
        golden("update-yes-again", "update", "cluster", "crd.example.com", "--yes", "--create-kube-config=false");
        golden("update-admin-and-user", "update", "cluster", "crd.example.com", "--admin", "--user", "x");
        golden("export-kubeconfig", "export", "kubeconfig", "crd.example.com", "--admin");
        String kubeconfig = Files.readString(root.resolve("kubeconfig"));
        assertThat(kubeconfig).contains("current-context: crd.example.com").contains("server: https://127.0.0.1:").contains("token: ");
        golden("validate-table", "validate", "cluster");
        golden("validate-json", "validate", "cluster", "crd.example.com", "-o", "json");
        golden("validate-count", "validate", "cluster", "crd.example.com", "--count", "2", "-o", "json");
    }

    @Test
    @Order(7)
    void validateWhileBootingAndInMountedFileMode() throws Exception {
        golden("create-mountedfile", "create", "cluster", "mf.example.com", "--zones", "us-west-1a", "--set", "spec.authentication.aws=");
        golden("validate-not-created", "validate", "cluster", "mf.example.com", "-o", "json");
        kops(Map.of("KOPSAUTH_SANDBOX_BOOT_SECONDS", "0"), null, "update", "cluster", "mf.example.com", "--yes", "--admin");
        golden("validate-pending-authenticator", "validate", "cluster", "mf.example.com", "-o", "json");
        golden("validate-pending-authenticator-table", "validate", "cluster", "mf.example.com");

        kops("create", "cluster", "slow.example.com", "--zones", "us-west-1a");
        kops(Map.of("KOPSAUTH_SANDBOX_BOOT_SECONDS", "3600"), null, "update", "cluster", "slow.example.com", "--yes", "--admin");
        golden("validate-booting", "validate", "cluster", "slow.example.com", "-o", "json");
        Run waited = kops("validate", "cluster", "slow.example.com", "--wait", "1500ms", "--interval", "500ms", "-o", "json");
        assertThat(waited.code()).isEqualTo(1);
        assertThat(waited.out()).isEmpty();
        assertThat(waited.err()).contains("] (will retry): unexpected error during validation: error listing nodes: the server is currently unable to handle the request (get nodes)")
                .endsWith("Error: validation failed: wait time exceeded during validation\n");
        Run pending = kops("validate", "cluster", "mf.example.com", "--wait", "1s", "--interval", "400ms", "-o", "json");
        List<Object> attempts = Json.parseAll(pending.out());
        assertThat(attempts).hasSizeGreaterThanOrEqualTo(2);
        assertThat(pending.err()).contains("] (will retry): cluster not yet healthy");
    }

    @Test
    @Order(8)
    void delete() {
        golden("delete-preview", "delete", "cluster", "--name", "crd.example.com");
        golden("delete-no-name", "delete", "cluster");
        golden("delete-yes", "delete", "cluster", "--name", "crd.example.com", "--yes");
        golden("delete-unknown", "delete", "cluster", "--name", "crd.example.com", "--yes");
        golden("delete-never-updated", "delete", "cluster", "minimal.example.com", "--yes");
        List<String> left = new ArrayList<>(List.of(kops("get", "clusters").out().split("\n")));
        assertThat(left).noneMatch(l -> l.startsWith("crd.example.com") || l.startsWith("minimal.example.com"));
    }
}
