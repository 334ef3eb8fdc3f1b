package io.kopsauth.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.kopsauth.support.Golden;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every template's output pinned by a golden file, including the authenticator's literal {{...}} placeholders. */
class FreemarkerArtifactsGoldenTest {
    private final Artifacts artifacts = new FreemarkerArtifacts();

    private static final List<IdentityMapping> DOCS_ROLES = List.of(
            new IdentityMapping("arn:aws:iam::000000000000:role/KubernetesAdmin", "kubernetes-admin", List.of("system:masters")),
            new IdentityMapping("arn:aws:iam::000000000000:role/KubernetesNode", "aws:{{AccountID}}:instance:{{SessionName}}",
                    List.of("system:bootstrappers", "aws:instances")));

    @Test
    void configMapDefaults() {
        AuthInputs in = AuthInputs.defaults("demo.k8s.local").withAccountId("111122223333");
        Golden.assertMatches("render/configmap-defaults.yaml", artifacts.configMap(in.authenticatorConfig()));
    }

    @Test
    void configMapLikeTheKopsDocsWithUsersAccountsAndTemplates() {
        var config = new AuthenticatorConfig("my-dev-cluster.example.com", DOCS_ROLES,
                List.of(new IdentityMapping("arn:aws:iam::000000000000:user/Alice", "alice", List.of("system:masters")),
                        new IdentityMapping("arn:aws:iam::000000000000:user/Bob", "bob:{{SessionNameRaw}}", List.of())),
                List.of("012345678901", "111122223333"));
        String out = artifacts.configMap(config);
        assertThat(out).contains("\"aws:{{AccountID}}:instance:{{SessionName}}\"").contains("\"bob:{{SessionNameRaw}}\"");
        Golden.assertMatches("render/configmap-docs.yaml", out);
    }

    @Test
    void configMapStripsRolePaths() {
        var config = new AuthenticatorConfig("c.example.com",
                List.of(new IdentityMapping("arn:aws:iam::111122223333:role/team/ops/Admin", "admin:{{SessionName}}", List.of("system:masters"))),
                List.of(), List.of());
        Golden.assertMatches("render/configmap-role-path.yaml", artifacts.configMap(config));
    }

    @Test
    void kubeconfigUserWithAuthenticator() {
        AuthInputs in = AuthInputs.defaults("demo.k8s.local").withAccountId("111122223333").withRegion("us-west-1")
                .withProfile("dev");
        Golden.assertMatches("render/kubeconfig-user.yaml", artifacts.execUser(in.execUser()));
    }

    @Test
    void kubeconfigUserWithoutEnv() {
        var user = new ExecUser("kopsauth-c.example.com", "kopsauth-c.example.com", "c.example.com", "aws",
                List.of("--region", "eu-west-1", "eks", "get-token", "--cluster-name", "c.example.com"), Map.of());
        Golden.assertMatches("render/kubeconfig-user-no-env.yaml", artifacts.execUser(user));
    }

    @Test
    void trustPolicyAccountRoot() {
        Golden.assertMatches("render/trust-policy-root.json",
                artifacts.trustPolicy(new TrustPolicy("111122223333", List.of(), false, null, null)));
    }

    @Test
    void trustPolicyHardened() {
        Golden.assertMatches("render/trust-policy-hardened.json", artifacts.trustPolicy(new TrustPolicy("111122223333",
                List.of("arn:aws:iam::111122223333:user/alice", "arn:aws:iam::444455556666:role/Ops"), true, 3600L, "kops-ext-1")));
    }

    @Test
    void trustPolicyMfaOnly() {
        Golden.assertMatches("render/trust-policy-mfa.json",
                artifacts.trustPolicy(new TrustPolicy("111122223333", List.of(), true, null, null)));
    }

    @Test
    void trustPolicyExternalIdOnly() {
        Golden.assertMatches("render/trust-policy-external-id.json",
                artifacts.trustPolicy(new TrustPolicy("111122223333", List.of(), false, null, "abc-123")));
    }

    @Test
    void clusterSpecBlogFlow() {
        Golden.assertMatches("render/cluster-spec-configmap.yaml",
                artifacts.clusterSpecFragment(new ClusterAuthSpec(null, null, List.of())));
    }

    @Test
    void clusterSpecCrd() {
        Golden.assertMatches("render/cluster-spec-crd.yaml", artifacts.clusterSpecFragment(
                new ClusterAuthSpec("CRD", "minimal.example.com", DOCS_ROLES)));
    }
}
