package io.kopsauth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.kopsauth.aws.AwsClients;
import io.kopsauth.aws.AwsSettings;
import io.kopsauth.json.Json;
import io.kopsauth.support.FreshShell;
import io.kopsauth.support.FreshShell.Run;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code kopsauth doctor --name} on the sandbox through the real launcher: the chain holds after setup, and each
 * injected fault (mapping deleted, IAM path in the mapping, wrong clusterID, a trust policy that does not allow the
 * caller) is named at the right link. Also {@code setup --exec-plugin kopsauth}: kubectl works through
 * {@code kopsauth token}.
 */
class DoctorSandboxIT {
    static Path dir;

    static FreshShell shell;

    @BeforeAll
    static void sandboxUp() throws Exception {
        shell = FreshShell.create("kopsauth-doctor-it", Map.of("KOPSAUTH_SANDBOX_BOOT_SECONDS", "1"));
        dir = shell.dir();
        Run up = kopsauth("sandbox", "up", "--boot-seconds", "1");
        assertThat(up.code()).as(up.err()).isZero();
    }

    @AfterAll
    static void sandboxDown() throws Exception {
        if (shell != null) shell.close();
    }

    static Run exec(List<String> argv, String stdin) throws IOException, InterruptedException {
        return shell.exec(Map.of(), stdin, argv);
    }

    static Run kopsauth(String... args) throws IOException, InterruptedException {
        return shell.kopsauth(Map.of(), null, args);
    }

    static Path kubeconfig() {
        return dir.resolve("home").resolve(".kube").resolve("config");
    }

    static Path adminKubeconfig(String cluster) {
        return dir.resolve("kopsauth").resolve("clusters").resolve(cluster).resolve("admin.kubeconfig");
    }

    /** kubectl with the admin kubeconfig (client certificate, not IAM). */
    static Run admin(String cluster, String stdin, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("kubectl", "--kubeconfig", adminKubeconfig(cluster).toString()));
        argv.addAll(List.of(args));
        Run r = exec(argv, stdin);
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        return r;
    }

    static void setup(String cluster, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("setup", "--sandbox", "-y", "--name", cluster));
        args.addAll(List.of(more));
        Run r = kopsauth(args.toArray(String[]::new));
        assertThat(r.code()).as(r.out() + r.err()).isZero();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> doctorJson(String cluster, int expectedCode) throws Exception {
        Run r = kopsauth("doctor", "--sandbox", "--name", cluster, "-o", "json");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(expectedCode);
        return (Map<String, Object>) Json.parseObject(r.out()).get("chain");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> brokenLink(Map<String, Object> chain) {
        List<Map<String, Object>> links = (List<Map<String, Object>>) chain.get("links");
        return links.get(links.size() - 1);
    }

    @SuppressWarnings("unchecked")
    static String configYaml(String cluster) throws Exception {
        Run r = admin(cluster, null, "get", "configmap", "-n", "kube-system", "aws-iam-authenticator", "-o", "json");
        return (String) ((Map<String, Object>) Json.parseObject(r.out()).get("data")).get("config.yaml");
    }

    static void applyConfigYaml(String cluster, String configYaml) throws Exception {
        String doc = Json.write(Json.obj("apiVersion", "v1", "kind", "ConfigMap",
                "metadata", Json.obj("name", "aws-iam-authenticator", "namespace", "kube-system"),
                "data", Json.obj("config.yaml", configYaml)));
        admin(cluster, doc, "apply", "-f", "-");
    }

    static Map<String, String> sandboxEnv() throws Exception {
        Run r = kopsauth("sandbox", "env");
        assertThat(r.code()).as(r.err()).isZero();
        Map<String, String> env = new HashMap<>(shell.env());
        env.putAll(FreshShell.parseExports(r.out()));
        return env;
    }

    @Test
    @SuppressWarnings("unchecked")
    void theChainHoldsAfterSetupAndEachFaultIsNamedAtItsLink() throws Exception {
        String c = "doc.k8s.local";
        setup(c, "--mapping", "configmap");

        Run ok = kopsauth("doctor", "--sandbox", "--name", c);
        assertThat(ok.code()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).contains("The chain holds");
        for (String link : List.of("credentials", "assume-role", "token", "verify", "mapping", "rbac", "exec-version")) {
            assertThat(ok.out()).contains("✔ " + link + ":");
        }
        String original = configYaml(c);
        String roleArn = (String) ((Map<String, Object>) Json.parseObject(Files.readString(
                dir.resolve("kopsauth").resolve("clusters").resolve(c).resolve("journal.json"))).get("values")).get("adminRoleArn");

        // 1. the mapping is gone
        admin(c, null, "delete", "configmap", "-n", "kube-system", "aws-iam-authenticator");
        Run gone = kopsauth("doctor", "--sandbox", "--name", c);
        assertThat(gone.code()).as(gone.out() + gone.err()).isEqualTo(1);
        assertThat(gone.out()).contains("✖ mapping: ConfigMap kube-system/aws-iam-authenticator does not exist")
                .contains("The chain is broken at 'mapping'").doesNotContain("rbac:");

        // 2. the role ARN in the mapping has an IAM path
        String withPath = roleArn.replace(":role/", ":role/some/path/");
        assertThat(original).contains(roleArn);
        applyConfigYaml(c, original.replace(roleArn, withPath));
        Map<String, Object> path = brokenLink(doctorJson(c, 1));
        assertThat(path).containsEntry("link", "mapping").containsEntry("ok", false);
        assertThat((String) path.get("detail")).contains(withPath).contains("IAM path");

        // 3. the ConfigMap's clusterID is not the cluster's
        String clusterIdLine = "clusterID: \"" + c + "\"";
        assertThat(original).contains(clusterIdLine);
        applyConfigYaml(c, original.replace(clusterIdLine, "clusterID: \"other.k8s.local\""));
        Map<String, Object> id = brokenLink(doctorJson(c, 1));
        assertThat(id).containsEntry("link", "mapping");
        assertThat((String) id.get("detail")).contains("clusterID other.k8s.local").contains(c);

        applyConfigYaml(c, original);
        assertThat(doctorJson(c, 0)).containsEntry("ok", true);

        // 4. the trust policy does not allow the caller
        String roleName = roleArn.substring(roleArn.lastIndexOf('/') + 1);
        AwsClients aws = new AwsClients(AwsSettings.resolve(null, null, sandboxEnv()));
        try {
            String trust = URLDecoder.decode(aws.iam().getRole(b -> b.roleName(roleName)).role().assumeRolePolicyDocument(),
                    StandardCharsets.UTF_8);
            aws.iam().updateAssumeRolePolicy(b -> b.roleName(roleName).policyDocument(Json.write(Json.obj(
                    "Version", "2012-10-17", "Statement", List.of(Json.obj("Effect", "Allow",
                            "Principal", Json.obj("AWS", "arn:aws:iam::999999999999:root"), "Action", "sts:AssumeRole"))))));
            Run denied = kopsauth("doctor", "--sandbox", "--name", c);
            assertThat(denied.code()).as(denied.out() + denied.err()).isEqualTo(1);
            assertThat(denied.out()).contains("✔ credentials:")
                    .contains("✖ assume-role: the trust policy of " + roleArn + " does not allow")
                    .contains("--trust-principal").contains("--update-trust-policy")
                    .contains("The chain is broken at 'assume-role'");

            aws.iam().updateAssumeRolePolicy(b -> b.roleName(roleName).policyDocument(trust));
        } finally {
            aws.close();
        }
        assertThat(doctorJson(c, 0)).containsEntry("ok", true).doesNotContainKey("broken");
    }

    @Test
    @SuppressWarnings("unchecked")
    void setupWithTheKopsauthExecPluginListsNodesThroughKopsauthToken() throws Exception {
        String c = "plugin.k8s.local";
        // The trust policy requires an external ID: kubectl passes it through 'kopsauth token -e', and doctor reads it
        // from the kubeconfig user to assume the role as kubectl will.
        // Its own role: the other test's KubernetesAdmin has a trust policy without the condition.
        setup(c, "--exec-plugin", "kopsauth", "--external-id", "kopsauth-it-42", "--admin-role-name", "PluginAdmin");

        Map<String, Object> config = (Map<String, Object>) new org.yaml.snakeyaml.Yaml().load(Files.readString(kubeconfig()));
        Map<String, Object> user = ((List<Map<String, Object>>) config.get("users")).stream()
                .filter(u -> ("kopsauth-" + c).equals(u.get("name"))).findFirst().orElseThrow();
        Map<String, Object> exec = (Map<String, Object>) ((Map<String, Object>) user.get("user")).get("exec");
        assertThat(String.valueOf(exec.get("command"))).endsWith("scripts/kopsauth");
        assertThat((List<String>) exec.get("args")).startsWith("token").containsSequence("-e", "kopsauth-it-42");

        Run nodes = exec(List.of("kubectl", "--kubeconfig", kubeconfig().toString(), "--context", "kopsauth-" + c, "get", "nodes"), null);
        assertThat(nodes.code()).as(nodes.err()).isZero();
        assertThat(nodes.out()).contains("Ready");
        Run whoami = exec(List.of("kubectl", "--kubeconfig", kubeconfig().toString(), "--context", "kopsauth-" + c,
                "auth", "whoami", "-o", "json"), null);
        assertThat(whoami.out()).contains("kubernetes-admin");
        assertThat(doctorJson(c, 0)).containsEntry("ok", true);

        // Without the external ID the role cannot be assumed, and doctor says so at the assume-role link.
        Run noExt = exec(List.of("kubectl", "--kubeconfig", kubeconfig().toString(), "config", "set-credentials",
                "kopsauth-" + c, "--exec-arg=token", "--exec-arg=-i", "--exec-arg=" + c), null);
        assertThat(noExt.code()).as(noExt.err()).isZero();
        assertThat(kubeconfigExecArgs(c)).doesNotContain("-e");
        Map<String, Object> denied = brokenLink(doctorJson(c, 1));
        assertThat(denied).containsEntry("link", "assume-role");
        assertThat((String) denied.get("fix")).contains("external ID").contains("passes none");
    }

    @SuppressWarnings("unchecked")
    static List<String> kubeconfigExecArgs(String cluster) throws IOException {
        Map<String, Object> config = (Map<String, Object>) new org.yaml.snakeyaml.Yaml().load(Files.readString(kubeconfig()));
        Map<String, Object> user = ((List<Map<String, Object>>) config.get("users")).stream()
                .filter(u -> ("kopsauth-" + cluster).equals(u.get("name"))).findFirst().orElseThrow();
        return (List<String>) ((Map<String, Object>) ((Map<String, Object>) user.get("user")).get("exec")).get("args");
    }
}
