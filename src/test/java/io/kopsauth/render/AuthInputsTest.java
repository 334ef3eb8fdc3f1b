package io.kopsauth.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthInputsTest {

    @Test
    void mappingSpecsSplitArnUserAndGroupsWithEscapes() {
        assertThat(Inputs.parseMapping("--map-role", "arn:aws:iam::111122223333:role/Dev=dev:developers,system:viewers", true))
                .isEqualTo(new IdentityMapping("arn:aws:iam::111122223333:role/Dev", "dev", List.of("developers", "system:viewers")));
        assertThat(Inputs.parseMapping("--map-role", "arn:aws:iam::111122223333:role/Dev=admin\\:{{SessionName}}:system:masters", true))
                .isEqualTo(new IdentityMapping("arn:aws:iam::111122223333:role/Dev", "admin:{{SessionName}}", List.of("system:masters")));
        assertThat(Inputs.parseMapping("--map-user", "arn:aws:iam::111122223333:user/alice=alice", false))
                .isEqualTo(new IdentityMapping("arn:aws:iam::111122223333:user/alice", "alice", List.of()));
        assertThat(Inputs.parseMapping("--map-role", "arn:aws:iam::111122223333:role/a\\=b=u:g\\,h,i", true))
                .isEqualTo(new IdentityMapping("arn:aws:iam::111122223333:role/a=b", "u", List.of("g,h", "i")));
    }

    @Test
    void badMappingSpecsNameTheOption() {
        assertThatThrownBy(() -> Inputs.parseMapping("--map-role", "arn:aws:iam::111122223333:role/Dev", true))
                .hasMessageStartingWith("--map-role: ").hasMessageContaining("ARN=USER");
        assertThatThrownBy(() -> Inputs.parseMapping("--map-role", "arn:aws:iam::111122223333:role/Dev=:g", true))
                .hasMessageContaining("empty username");
        assertThatThrownBy(() -> Inputs.parseMapping("--map-role", "arn:aws:iam::111122223333:role/Dev=u:a,,b", true))
                .hasMessageContaining("empty group");
        assertThatThrownBy(() -> Inputs.parseMapping("--map-role", "arn:aws:iam::111122223333:user/x=u", true))
                .hasMessageStartingWith("--map-role ARN: ").hasMessageContaining("not an IAM role ARN");
    }

    @Test
    void clusterNamesFollowKopsRules() {
        assertThat(Inputs.clusterName("demo.k8s.local")).isEqualTo("demo.k8s.local");
        assertThatThrownBy(() -> Inputs.clusterName("demo")).hasMessageContaining("fully-qualified DNS name");
        assertThatThrownBy(() -> Inputs.clusterName("Demo.example.com")).hasMessageContaining("valid DNS name");
        assertThatThrownBy(() -> Inputs.clusterName("-a.example.com")).hasMessageContaining("valid DNS name");
        assertThatThrownBy(() -> Inputs.clusterName("a..b")).hasMessageContaining("valid DNS name");
        assertThatThrownBy(() -> Inputs.clusterName("a".repeat(64) + ".com")).hasMessageContaining("longer than 63");
    }

    @Test
    void defaultsAreTheBlogs() {
        AuthInputs in = AuthInputs.defaults("demo.k8s.local").withAccountId("111122223333");
        assertThat(in.adminRoleArn()).isEqualTo("arn:aws:iam::111122223333:role/KubernetesAdmin");
        assertThat(in.authenticatorConfig()).isEqualTo(new AuthenticatorConfig("demo.k8s.local",
                List.of(new IdentityMapping("arn:aws:iam::111122223333:role/KubernetesAdmin", "kubernetes-admin",
                        List.of("system:masters"))), List.of(), List.of()));
        assertThat(in.clusterAuthSpec()).isEqualTo(new ClusterAuthSpec(null, null, List.of()));
        assertThat(in.trustPolicy()).isEqualTo(new TrustPolicy("111122223333", List.of(), false, null, null));
        assertThat(in.needsAccountId("trust-policy")).isTrue();
        assertThat(in.needsAccountId("cluster-spec")).isFalse();
    }

    @Test
    void execUserForTheAuthenticatorAndForTheAwsCli() {
        AuthInputs in = AuthInputs.defaults("demo.k8s.local").withAccountId("111122223333").withRegion("eu-west-1")
                .withProfile("dev");
        assertThat(in.execUser()).isEqualTo(new ExecUser("kopsauth-demo.k8s.local", "kopsauth-demo.k8s.local",
                "demo.k8s.local", "aws-iam-authenticator", List.of("token", "-i", "demo.k8s.local", "-r",
                "arn:aws:iam::111122223333:role/KubernetesAdmin", "--region", "eu-west-1"), Map.of("AWS_PROFILE", "dev")));
        AuthInputs aws = new AuthInputs("demo.k8s.local", "custom-id", "111122223333", "cn-north-1", null, "Admin",
                "a", List.of(), List.of(), List.of(), List.of(), List.of(), false, null, null, "/usr/bin/aws", MappingMode.CONFIGMAP);
        assertThat(aws.execUser().args()).containsExactly("--region", "cn-north-1", "eks", "get-token", "--cluster-name",
                "custom-id", "--role-arn", "arn:aws-cn:iam::111122223333:role/Admin", "--output", "json");
        assertThat(aws.trustPolicy().principalArns()).containsExactly("arn:aws-cn:iam::111122223333:root");
    }

    @Test
    void crdModeCarriesEveryMappingAndRejectsAccounts() {
        IdentityMapping dev = new IdentityMapping("arn:aws:iam::111122223333:role/path/Dev", "dev", List.of());
        IdentityMapping alice = new IdentityMapping("arn:aws:iam::111122223333:user/alice", "alice", List.of("g"));
        AuthInputs in = new AuthInputs("a.example.com", null, "111122223333", null, null, "KubernetesAdmin",
                "kubernetes-admin", List.of("system:masters"), List.of(dev), List.of(alice), List.of(), List.of(), false,
                null, null, "aws-iam-authenticator", MappingMode.CRD);
        assertThat(in.clusterAuthSpec().backendMode()).isEqualTo("CRD");
        assertThat(in.clusterAuthSpec().clusterId()).isEqualTo("a.example.com");
        assertThat(in.clusterAuthSpec().identityMappings()).hasSize(3).contains(dev, alice);
        assertThat(in.warnings("cluster-spec")).singleElement().asString().contains("role/path/Dev");
        assertThat(in.warnings("kubeconfig-user")).isEmpty();
        assertThatThrownBy(() -> new AuthInputs("a.example.com", null, null, null, null, "KubernetesAdmin", "k",
                List.of(), List.of(), List.of(), List.of("111122223333"), List.of(), false, null, null, "x", MappingMode.CRD))
                .hasMessageStartingWith("--map-account: ");
        assertThatThrownBy(() -> MappingMode.parse("aws-auth")).hasMessageStartingWith("--mapping: ");
    }

    @Test
    void errorMessagesShowControlCharactersEscapedAndKeepEmoji() {
        assertThat(Inputs.printable("a\nb😀\ud800")).isEqualTo("a\\u000ab😀\\ud800");
        assertThat(Inputs.printable("x".repeat(100))).hasSize(81).endsWith("…");
    }
}
