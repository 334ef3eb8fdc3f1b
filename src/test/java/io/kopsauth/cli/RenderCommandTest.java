package io.kopsauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kopsauth.exec.Cmd;
import io.kopsauth.exec.ProcResult;
import io.kopsauth.exec.ZtExecProcessRunner;
import io.kopsauth.json.Json;
import io.kopsauth.support.CliRunner;
import io.kopsauth.support.CliRunner.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

class RenderCommandTest {
    @TempDir
    Path tmp;
    Map<String, String> env;

    @BeforeEach
    void isolate() {
        env = Map.of("HOME", tmp.toString(), "KOPSAUTH_HOME", tmp.resolve("k").toString(), "PATH", System.getenv("PATH"));
    }

    private Result run(String... args) {
        return CliRunner.run(env, args);
    }

    private static Map<?, ?> yaml(String s) {
        return (Map<?, ?>) new Yaml(new SafeConstructor(new LoaderOptions())).load(s);
    }

    @Test
    void theIssuesExampleMapsKubernetesAdminToSystemMasters() {
        Result r = run("render", "configmap", "--name", "demo.k8s.local", "--account-id", "111122223333");
        assertThat(r.code()).as(r.err()).isZero();
        Map<?, ?> doc = yaml(r.out());
        assertThat(((Map<?, ?>) doc.get("metadata")).get("name")).isEqualTo("aws-iam-authenticator");
        Map<?, ?> inner = yaml((String) ((Map<?, ?>) doc.get("data")).get("config.yaml"));
        assertThat(inner).isEqualTo(Map.of("clusterID", "demo.k8s.local", "server", Map.of("mapRoles", List.of(Map.of(
                "roleARN", "arn:aws:iam::111122223333:role/KubernetesAdmin", "username", "kubernetes-admin",
                "groups", List.of("system:masters"))))));
        assertThat(r.err()).isEmpty();
    }

    @Test
    void missingAccountIdIsAUsageErrorWithAHint() {
        Result r = run("render", "configmap", "--name", "demo.k8s.local");
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("--account-id is needed").contains("aws sts get-caller-identity");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void invalidValuesExitTwoWithTheReason() {
        assertThat(run("render", "configmap", "--name", "demo", "--account-id", "111122223333").err())
                .contains("fully-qualified DNS name");
        Result bad = run("render", "configmap", "--name", "demo.k8s.local", "--account-id", "11112222333");
        assertThat(bad.code()).isEqualTo(ExitCode.USAGE);
        assertThat(bad.err()).contains("--account-id: '11112222333' is not a 12-digit AWS account id");
        Result arn = run("render", "configmap", "--name", "demo.k8s.local", "--account-id", "111122223333",
                "--map-role", "arn:aws:iam::111122223333:policy/x=u");
        assertThat(arn.code()).isEqualTo(ExitCode.USAGE);
        assertThat(arn.err()).contains("--map-role ARN: ").contains("not an IAM role ARN");
        Result mode = run("render", "cluster-spec", "--name", "demo.k8s.local", "--mapping", "aws-auth");
        assertThat(mode.code()).isEqualTo(ExitCode.USAGE);
        assertThat(mode.err()).contains("unknown mapping mode 'aws-auth'");
        Result what = run("render", "secrets");
        assertThat(what.code()).isEqualTo(ExitCode.USAGE);
        assertThat(what.err()).contains("unknown artifact 'secrets'").contains("configmap, kubeconfig-user");
        Result nl = run("render", "configmap", "--name", "demo.k8s.local", "--account-id", "111122223333",
                "--admin-username", "evil\n  - roleARN: x");
        assertThat(nl.code()).isEqualTo(ExitCode.USAGE);
        assertThat(nl.err()).contains("--admin-username: contains the control character U+000A");
        assertThat(nl.err()).doesNotContain("at io.kopsauth");
    }

    @Test
    void rolePathsWarnOnStderrAndTheOutputStaysClean() {
        Result r = run("render", "configmap", "--name", "demo.k8s.local", "--account-id", "111122223333",
                "--map-role", "arn:aws:iam::111122223333:role/team/Dev=dev\\:{{SessionName}}:developers");
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("has an IAM path").contains("arn:aws:iam::111122223333:role/Dev");
        assertThat(r.out()).contains("\"arn:aws:iam::111122223333:role/Dev\"").contains("\"dev:{{SessionName}}\"")
                .doesNotContain("team/");
    }

    @Test
    void trustPolicyNeedsNoClusterName() {
        Result r = run("render", "trust-policy", "--account-id", "111122223333", "--require-mfa", "--mfa-max-age", "3600",
                "--external-id", "ext-1");
        assertThat(r.code()).as(r.err()).isZero();
        Map<String, Object> doc = Json.parseObject(r.out());
        assertThat(doc.toString()).contains("aws:MultiFactorAuthAge=3600").contains("sts:ExternalId=ext-1")
                .contains("arn:aws:iam::111122223333:root");
        Result p = run("render", "trust-policy", "--trust-principal", "arn:aws:iam::444455556666:user/bob");
        assertThat(p.code()).as(p.err()).isZero();
        assertThat(p.out()).contains("\"AWS\": \"arn:aws:iam::444455556666:user/bob\"");
    }

    @Test
    void outWritesTheFileAtomicallyAndPrintsNothingOnStdout() throws Exception {
        Path file = tmp.resolve("sub/cm.yaml");
        Result r = run("render", "cluster-spec", "--name", "demo.k8s.local", "--account-id", "111122223333",
                "--mapping", "crd", "--out", file.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(Files.readString(file)).contains("backendMode: \"CRD\"").contains("identityMappings:");
        try (var files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("cm.yaml");
        }
    }

    @Test
    void templatesDirOverridesAndAMissingOneIsAUsageError() throws Exception {
        Files.writeString(tmp.resolve("cluster-spec.yaml.ftl"),
                "# team override\nspec:\n  authorization:\n    rbac: {}\n  authentication:\n    aws: {}\n");
        Result r = run("render", "cluster-spec", "--name", "demo.k8s.local", "--templates", tmp.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("# team override");
        Result missing = run("render", "cluster-spec", "--name", "demo.k8s.local", "--templates", tmp.resolve("no").toString());
        assertThat(missing.code()).isEqualTo(ExitCode.USAGE);
        Files.writeString(tmp.resolve("cluster-spec.yaml.ftl"), "spec: {}\n");
        Result broken = run("render", "cluster-spec", "--name", "demo.k8s.local", "--templates", tmp.toString());
        assertThat(broken.code()).isEqualTo(ExitCode.FAILED);
        assertThat(broken.err()).contains("does not render the intended structure").contains("fix the template");
    }

    /** The real kubectl reads the rendered exec user, with hostile values, exactly as intended. */
    @Test
    void kubectlReadsTheRenderedExecUser() throws Exception {
        Result r = run("render", "kubeconfig-user", "--name", "demo.k8s.local", "--account-id", "111122223333",
                "--region", "us-west-1", "--profile", "o'brien: #1 {{x}} \"q\" - roleARN: ü😀",
                "--exec-command", "/opt/bin/aws-iam-authenticator");
        assertThat(r.code()).as(r.err()).isZero();
        Path kubeconfig = tmp.resolve("config");
        Files.writeString(kubeconfig, "apiVersion: v1\nkind: Config\nclusters:\n- name: demo.k8s.local\n  cluster:\n"
                + "    server: https://127.0.0.1:6443\n" + r.out() + "current-context: kopsauth-demo.k8s.local\n");
        ProcResult view = new ZtExecProcessRunner().run(Cmd.of("kubectl", "config", "view", "--kubeconfig",
                kubeconfig.toString(), "-o", "json").withEnv("HOME", tmp.toString()));
        assertThat(view.exitCode()).as(view.stderr()).isZero();
        Map<String, Object> cfg = Json.parseObject(view.stdout());
        Map<?, ?> user = (Map<?, ?>) ((Map<?, ?>) ((List<?>) cfg.get("users")).get(0));
        assertThat(user.get("name")).isEqualTo("kopsauth-demo.k8s.local");
        Map<?, ?> exec = (Map<?, ?>) ((Map<?, ?>) user.get("user")).get("exec");
        assertThat(exec.get("command")).isEqualTo("/opt/bin/aws-iam-authenticator");
        assertThat(exec.get("args")).isEqualTo(List.of("token", "-i", "demo.k8s.local", "-r",
                "arn:aws:iam::111122223333:role/KubernetesAdmin", "--region", "us-west-1"));
        assertThat(exec.get("env")).isEqualTo(List.of(Map.of("name", "AWS_PROFILE",
                "value", "o'brien: #1 {{x}} \"q\" - roleARN: ü😀")));
        assertThat(exec.get("interactiveMode")).isEqualTo("IfAvailable");
        Map<?, ?> ctx = (Map<?, ?>) ((List<?>) cfg.get("contexts")).get(0);
        assertThat(ctx.get("context")).isEqualTo(Map.of("cluster", "demo.k8s.local", "user", "kopsauth-demo.k8s.local"));
    }

    @Test
    void helpHasExamples() {
        Result r = run("render", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Examples:").contains("--map-role").contains("--mapping").contains("--templates");
    }
}
