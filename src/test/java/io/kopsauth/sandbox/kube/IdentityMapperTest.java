package io.kopsauth.sandbox.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class IdentityMapperTest {
    static final IdentityMapper.Identity ROLE = new IdentityMapper.Identity(
            "arn:aws:sts::111122223333:assumed-role/KubernetesAdmin/alice@example.com",
            "arn:aws:iam::111122223333:role/KubernetesAdmin", "111122223333", "AROAEXAMPLE", "alice@example.com", "ASIAEXAMPLE");
    static final IdentityMapper.Identity USER = new IdentityMapper.Identity("arn:aws:iam::111122223333:user/Bob",
            "arn:aws:iam::111122223333:user/Bob", "111122223333", "AIDABOB", "", "AKIABOB");

    static Map<String, Object> config(String yaml) {
        return new Yaml().load(yaml);
    }

    @Test
    void rendersEveryTemplate() {
        assertThat(IdentityMapper.render("admin:{{SessionName}}", ROLE)).isEqualTo("admin:alice-example.com");
        assertThat(IdentityMapper.render("{{SessionNameRaw}}|{{AccountID}}|{{AccessKeyID}}|{{EC2PrivateDNSName}}", ROLE))
                .isEqualTo("alice@example.com|111122223333|ASIAEXAMPLE|{{EC2PrivateDNSName}}");
    }

    @Test
    void mountedFileMatchesRoleArnKeysCaseInsensitivelyAndRendersGroups() {
        for (String key : List.of("roleARN", "rolearn", "RoleArn")) {
            var cfg = config("clusterID: c\nserver:\n  mapRoles:\n  - " + key + ": arn:aws:iam::111122223333:role/kubernetesadmin\n"
                    + "    username: admin:{{SessionName}}\n    groups: [system:masters, 'acct:{{AccountID}}']\n");
            assertThat(IdentityMapper.map(ROLE, List.of("MountedFile"), cfg, List.of()))
                    .contains(new IdentityMapper.User("admin:alice-example.com", List.of("system:masters", "acct:111122223333")));
        }
    }

    @Test
    void roleWithPathNeverMatchesTheAssumedRole() {
        var cfg = config("server:\n  mapRoles:\n  - rolearn: arn:aws:iam::111122223333:role/some/path/KubernetesAdmin\n    username: a\n");
        assertThat(IdentityMapper.map(ROLE, List.of("MountedFile"), cfg, List.of())).isEmpty();
    }

    @Test
    void usersAccountsAndMisses() {
        var cfg = config("server:\n  mapUsers:\n  - userarn: arn:aws:iam::111122223333:user/Bob\n    username: bob\n    groups: [devs]\n"
                + "  mapAccounts: ['444455556666']\n");
        assertThat(IdentityMapper.map(USER, List.of("MountedFile"), cfg, List.of())).contains(new IdentityMapper.User("bob", List.of("devs")));
        assertThat(IdentityMapper.map(ROLE, List.of("MountedFile"), cfg, List.of())).isEmpty();
        var acct = config("server:\n  mapAccounts: ['111122223333']\n");
        assertThat(IdentityMapper.map(ROLE, List.of("MountedFile"), acct, List.of()))
                .contains(new IdentityMapper.User("arn:aws:iam::111122223333:role/KubernetesAdmin", List.of()));
    }

    @Test
    void crdMappingsAreUsedOnlyInCrdModeAndInModeOrder() {
        List<Map<String, Object>> crd = List.of(Map.of("arn", "arn:aws:iam::111122223333:role/KubernetesAdmin", "username", "crd-user",
                "groups", List.of("system:masters")));
        var cfg = config("server:\n  mapRoles:\n  - rolearn: arn:aws:iam::111122223333:role/KubernetesAdmin\n    username: file-user\n");
        assertThat(IdentityMapper.map(ROLE, List.of("MountedFile"), null, crd)).isEmpty();
        assertThat(IdentityMapper.map(ROLE, List.of("CRD", "MountedFile"), cfg, crd).orElseThrow().username()).isEqualTo("crd-user");
        assertThat(IdentityMapper.map(ROLE, List.of("MountedFile", "CRD"), cfg, crd).orElseThrow().username()).isEqualTo("file-user");
    }
}
