package io.kopsauth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.kopsauth.exec.Cmd;
import io.kopsauth.exec.ProcResult;
import io.kopsauth.exec.ZtExecProcessRunner;
import io.kopsauth.json.Json;
import io.kopsauth.support.FreshShell;
import io.kopsauth.support.Golden;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kops simulator and the Kubernetes API simulator end to end: {@code scripts/kopsauth sandbox up}, then
 * {@code scripts/sandbox/kops} and the real kubectl and AWS CLI as child processes with their own HOME, KUBECONFIG
 * and KOPSAUTH_HOME; kops outputs compared with golden files (timestamps and ids normalised).
 */
class KopsKubeIT {
    @TempDir
    static Path tmp;
    static Path project;
    static Map<String, String> env;

    @BeforeAll
    static void up() {
        project = Path.of(System.getProperty("kopsauth.project", ".")).toAbsolutePath();
        Map<String, String> base = new HashMap<>();
        base.put("KOPSAUTH_HOME", tmp.resolve("kopsauth").toString());
        base.put("HOME", tmp.toString());
        base.put("KUBECONFIG", tmp.resolve("kubeconfig").toString());
        for (String k : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "KOPS_STATE_STORE", "KOPS_CLUSTER_NAME")) {
            base.put(k, null);
        }
        env = base;
        ProcResult up = run(List.of(project.resolve("scripts/kopsauth").toString(), "sandbox", "up"), null);
        assertThat(up.exitCode()).as(up.stdout() + up.stderr()).isZero();
        ProcResult e = run(List.of(project.resolve("scripts/kopsauth").toString(), "sandbox", "env"), null);
        base.putAll(FreshShell.parseExports(e.stdout()));
        base.put("KOPSAUTH_SANDBOX_BOOT_SECONDS", "2");
        base.put("AWS_EC2_METADATA_DISABLED", "true");
        assertThat(run(List.of("aws", "s3", "mb", "s3://kops-it-state"), null).exitCode()).isZero();
    }

    @AfterAll
    static void down() {
        run(List.of(project.resolve("scripts/kopsauth").toString(), "sandbox", "down"), null);
    }

    static ProcResult run(List<String> argv, String stdin) {
        Cmd c = Cmd.of(argv).withEnv(env).withTimeout(Duration.ofMinutes(3));
        if (stdin != null) c = c.withStdin(stdin);
        return new ZtExecProcessRunner().run(c);
    }

    static ProcResult kops(String stdin, String... args) {
        List<String> argv = new ArrayList<>(List.of(project.resolve("scripts/sandbox/kops").toString()));
        argv.addAll(List.of(args));
        return run(argv, stdin);
    }

    static ProcResult kubectl(String kubeconfig, String... args) {
        List<String> argv = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig));
        argv.addAll(List.of(args));
        return run(argv, null);
    }

    static String normalise(String s) {
        return s.replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ", "TIMESTAMP")
                .replaceAll("[IWE]\\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\s+\\d+ ", "KLOG ")
                .replaceAll("(net/api-|sg-|subnet-|vpc-)[0-9a-f]{16,17}", "$1ID");
    }

    static void golden(String name, ProcResult r) {
        Golden.assertMatches("kops/" + name, "exit " + r.exitCode() + "\n--- stdout\n" + normalise(r.stdout()) + "\n--- stderr\n" + normalise(r.stderr()) + "\n");
    }

    static final String STATE = "s3://kops-it-state";

    @Test
    void mountedFileClusterNeedsTheConfigMapAndAPodRestart() throws Exception {
        String n = "mounted.example.com";
        golden("create-cluster-preview.txt", kops(null, "create", "cluster", "--name", n, "--zones", "us-west-1a", "--state", STATE,
                "--node-count", "1"));
        golden("create-cluster-exists.txt", kops(null, "create", "cluster", "--name", n, "--zones", "us-west-1a", "--state", STATE));
        ProcResult yaml = kops(null, "get", "cluster", n, "--state", STATE, "-o", "yaml");
        golden("get-cluster-yaml.txt", yaml);
        golden("get-cluster-json.txt", kops(null, "get", "cluster", n, "--state", STATE, "-o", "json"));
        golden("get-clusters-table.txt", kops(null, "get", "clusters", "--state", STATE));
        String withAuth = yaml.stdout().replace("  authorization:\n", "  authentication:\n    aws: {}\n  authorization:\n");
        String badMappings = yaml.stdout().replace("  authorization:\n", "  authentication:\n    aws:\n      identityMappings:\n"
                + "      - arn: arn:aws:iam::111122223333:group/Admins\n        username: a\n  authorization:\n");
        golden("replace-invalid.txt", kops(badMappings, "replace", "-f", "-", "--state", STATE));
        golden("edit-set-index.txt", kops(null, "edit", "cluster", n, "--state", STATE,
                "--set", "spec.authentication.aws.identityMappings[0].arn=arn:aws:iam::111122223333:role/KubernetesAdmin"));
        golden("replace.txt", kops(withAuth, "replace", "-f", "-", "--state", STATE));
        golden("update-yes.txt", kops(null, "update", "cluster", "--name", n, "--state", STATE, "--yes", "--create-kube-config=false"));
        String admin = tmp.resolve("mounted-admin.kubeconfig").toString();
        golden("export-admin.txt", kops(null, "export", "kubeconfig", "--name", n, "--state", STATE, "--admin", "--kubeconfig", admin));

        // Boots for 2 s; the MountedFile authenticator stays pending without its ConfigMap.
        ProcResult pending = kops(null, "validate", "cluster", "--name", n, "--state", STATE, "--wait", "6s", "--interval", "1s", "-o", "json");
        assertThat(pending.exitCode()).isEqualTo(1);
        assertThat(pending.stderr()).contains("Error: validation failed: wait time exceeded during validation");
        List<Object> attempts = Json.parseAll(pending.stdout());
        String last = Json.write(attempts.get(attempts.size() - 1));
        assertThat(last).contains("\"type\":\"Pod\"").containsPattern("system-node-critical pod \\\\\"aws-iam-authenticator-[a-z0-9]{5}\\\\\" is pending");
        assertThat(pending.stdout()).contains("}{\"failures\"");

        assertThat(kubectl(admin, "get", "nodes").stdout()).contains("control-plane").contains("Ready");
        ProcResult pods = kubectl(admin, "get", "pods", "-n", "kube-system", "-l", "k8s-app=aws-iam-authenticator");
        assertThat(pods.stdout()).contains("ContainerCreating");

        // An exec user whose token comes from the AWS CLI, as kopsauth writes one.
        Path execKc = tmp.resolve("mounted-exec.kubeconfig");
        Files.copy(Path.of(admin), execKc);
        String exec = execKc.toString();
        assertThat(kubectl(exec, "config", "set-credentials", "iam", "--exec-api-version=client.authentication.k8s.io/v1beta1",
                "--exec-command=aws", "--exec-arg=eks", "--exec-arg=get-token", "--exec-arg=--cluster-name", "--exec-arg=" + n).exitCode()).isZero();
        assertThat(kubectl(exec, "config", "set-context", n, "--user", "iam").exitCode()).isZero();
        assertThat(kubectl(exec, "get", "nodes").stderr()).contains("error: You must be logged in to the server (Unauthorized)");

        String cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  namespace: kube-system\n  name: aws-iam-authenticator\n"
                + "  labels:\n    k8s-app: aws-iam-authenticator\ndata:\n  config.yaml: |\n    clusterID: " + n + "\n    server:\n"
                + "      mapUsers:\n      - userARN: arn:aws:iam::111122223333:user/sandbox-admin\n        username: kubernetes-admin\n"
                + "        groups:\n        - system:masters\n";
        Path cmFile = tmp.resolve("cm.yaml");
        Files.writeString(cmFile, cm);
        assertThat(kubectl(admin, "apply", "-f", cmFile.toString()).stdout()).contains("configmap/aws-iam-authenticator created");
        assertThat(kubectl(admin, "apply", "-f", cmFile.toString()).stdout()).contains("configmap/aws-iam-authenticator unchanged");
        assertThat(kubectl(admin, "apply", "--server-side", "-f", cmFile.toString()).stdout()).contains("serverside-applied");
        // The pending pod does not pick the ConfigMap up; a new pod does.
        assertThat(kubectl(exec, "get", "nodes").stderr()).contains("Unauthorized");
        assertThat(kubectl(admin, "delete", "pods", "-n", "kube-system", "-l", "k8s-app=aws-iam-authenticator").stdout()).contains("deleted");
        assertThat(kubectl(admin, "get", "pods", "-n", "kube-system").stdout()).contains("Running");

        ProcResult whoami = kubectl(exec, "auth", "whoami", "-o", "json");
        assertThat(whoami.exitCode()).as(whoami.stderr()).isZero();
        assertThat(whoami.stdout()).contains("\"username\": \"kubernetes-admin\"").contains("system:masters");
        assertThat(kubectl(exec, "auth", "can-i", "*", "*").stdout().strip()).isEqualTo("yes");
        assertThat(kubectl(exec, "get", "nodes").exitCode()).isZero();

        // A token signed for another cluster ID is refused (STS SignatureDoesNotMatch on replay).
        assertThat(kubectl(exec, "config", "set-credentials", "iam", "--exec-arg=eks", "--exec-arg=get-token", "--exec-arg=--cluster-name",
                "--exec-arg=other.example.com").exitCode()).isZero();
        assertThat(kubectl(exec, "get", "nodes").stderr()).contains("error: You must be logged in to the server (Unauthorized)");

        ProcResult ok = kops(null, "validate", "cluster", "--name", n, "--state", STATE, "-o", "json");
        assertThat(ok.exitCode()).as(ok.stdout() + ok.stderr()).isZero();
        assertThat(Json.parseObject(ok.stdout())).containsOnlyKeys("nodes");

        assertThat(kubectl(admin, "delete", "configmap", "-n", "kube-system", "aws-iam-authenticator").stdout()).contains("deleted");
        golden("delete-preview.txt", kops(null, "delete", "cluster", "--name", n, "--state", STATE));
        golden("delete-yes.txt", kops(null, "delete", "cluster", "--name", n, "--state", STATE, "--yes"));
        golden("delete-unknown.txt", kops(null, "delete", "cluster", "--name", n, "--state", STATE, "--yes"));
    }

    @Test
    void crdClusterValidatesWithoutAConfigMapAndMapsThroughIamIdentityMappings() {
        String n = "crd.example.com";
        ProcResult create = kops(null, "create", "cluster", "--name", n, "--zones", "us-west-1b", "--state", STATE,
                "--set", "spec.authentication.aws.backendMode=CRD");
        assertThat(create.exitCode()).as(create.stderr()).isZero();
        String yaml = kops(null, "get", "cluster", n, "--state", STATE, "-o", "yaml").stdout()
                .replace("      backendMode: CRD\n", "      backendMode: CRD\n      identityMappings:\n"
                        + "      - arn: arn:aws:iam::111122223333:user/sandbox-admin\n        username: admin:{{AccountID}}\n"
                        + "        groups:\n        - system:masters\n");
        assertThat(kops(yaml, "replace", "-f", "-", "--state", STATE).exitCode()).isZero();
        ProcResult update = kops(null, "update", "cluster", n, "--state", STATE, "--yes", "--admin");
        assertThat(update.stdout()).contains("kOps has set your kubectl context to " + n);
        ProcResult v = kops(null, "validate", "cluster", "--state", STATE, "--wait", "60s", "--interval", "1s", "-o", "json");
        assertThat(v.exitCode()).as(v.stdout() + v.stderr()).isZero();
        assertThat(v.stderr()).contains("Using cluster from kubectl context: " + n);
        String kc = env.get("KUBECONFIG");
        assertThat(kubectl(kc, "get", "iamidentitymappings").stdout()).contains("iam-identity-mapping-0");
        assertThat(kubectl(kc, "config", "set-credentials", "iam", "--exec-api-version=client.authentication.k8s.io/v1beta1",
                "--exec-command=aws", "--exec-arg=eks", "--exec-arg=get-token", "--exec-arg=--cluster-name", "--exec-arg=" + n).exitCode()).isZero();
        assertThat(kubectl(kc, "config", "set-context", "iam", "--cluster", n, "--user", "iam").exitCode()).isZero();
        ProcResult who = kubectl(kc, "--context", "iam", "auth", "whoami");
        assertThat(who.stdout()).contains("admin:111122223333");
        // The foreign account's user is not mapped.
        assertThat(kubectl(kc, "config", "set-credentials", "foreign", "--exec-api-version=client.authentication.k8s.io/v1beta1",
                "--exec-command=aws", "--exec-arg=eks", "--exec-arg=get-token", "--exec-arg=--cluster-name", "--exec-arg=" + n,
                "--exec-env=AWS_PROFILE=kopsauth-sandbox-foreign").exitCode()).isZero();
        assertThat(kubectl(kc, "config", "set-context", "foreign", "--cluster", n, "--user", "foreign").exitCode()).isZero();
        assertThat(kubectl(kc, "--context", "foreign", "get", "pods").stderr()).contains("error: You must be logged in to the server (Unauthorized)");
        assertThat(kops(null, "delete", "cluster", "--name", n, "--state", STATE, "--yes").exitCode()).isZero();
    }

    @Test
    void stateStoreErrors() {
        golden("no-state-store.txt", kops(null, "get", "clusters"));
        golden("missing-bucket.txt", kops(null, "get", "clusters", "--state", "s3://no-such-bucket-kops-it"));
        golden("version.txt", kops(null, "version"));
        golden("zones-required.txt", kops(null, "create", "cluster", "--name", "z.example.com", "--state", STATE));
    }
}
