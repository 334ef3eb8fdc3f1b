package io.kopsauth.kops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterSpecEditorTest {
    static final Path FIXTURES = Path.of("/work/shared/fixtures/kops/tests/integration");

    static Map<String, Object> firstDocument(String rel) throws Exception {
        String text = Files.readString(FIXTURES.resolve(rel));
        return ClusterSpecEditor.parse(text.split("\n---\n")[0]);
    }

    static Map<String, Object> crdFragment() {
        return ClusterSpecEditor.parse("""
                spec:
                  authorization:
                    rbac: {}
                  authentication:
                    aws:
                      backendMode: CRD
                      clusterID: c.k8s.local
                      identityMappings:
                      - arn: arn:aws:iam::111122223333:role/KubernetesAdmin
                        username: admin:{{SessionName}}
                        groups:
                        - system:masters
                """);
    }

    static Map<String, Object> mountedFileFragment() {
        return ClusterSpecEditor.parse("spec:\n  authorization:\n    rbac: {}\n  authentication:\n    aws: {}\n");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> withoutOwned(Map<String, Object> cluster) {
        Map<String, Object> c = ClusterSpecEditor.parse(ClusterSpecEditor.dump(cluster));
        Map<String, Object> spec = (Map<String, Object>) c.get("spec");
        spec.remove("authorization");
        Object auth = spec.get("authentication");
        if (auth instanceof Map<?, ?> a && a.get("aws") instanceof Map<?, ?> aws) {
            ClusterSpecEditor.OWNED_AWS_KEYS.forEach(aws::remove);
            if (aws.isEmpty()) ((Map<String, Object>) a).remove("aws");
            if (a.isEmpty()) spec.remove("authentication");
        }
        return c;
    }

    @Test
    void minimalClusterKeepsEveryFieldItDoesNotOwn() throws Exception {
        Map<String, Object> before = firstDocument("create_cluster/minimal-1.36/expected-v1alpha2.yaml");

        Map<String, Object> after = ClusterSpecEditor.apply(before, crdFragment());

        assertThat(withoutOwned(after)).isEqualTo(withoutOwned(before));
        assertThat(ClusterSpecEditor.ownedPart(after)).isEqualTo(Map.of("spec", crdFragment().get("spec")));
        assertThat(ClusterSpecEditor.satisfies(after, crdFragment())).isTrue();
        assertThat(ClusterSpecEditor.satisfies(before, crdFragment())).isFalse();
        assertThat(ClusterSpecEditor.parse(ClusterSpecEditor.dump(after))).as("parses back").isEqualTo(after);
        assertThat(ClusterSpecEditor.dump(after)).contains("username: admin:{{SessionName}}");
    }

    @Test
    @SuppressWarnings("unchecked")
    void complexClusterKeepsItsOtherAwsSettingsAndLosesOnlyOwnedKeys() throws Exception {
        Map<String, Object> before = firstDocument("update_cluster/complex/in-v1alpha2.yaml");
        ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) before.get("spec")).get("authentication")).get("aws"))
                .put("image", "example.com/authenticator:v1");

        Map<String, Object> after = ClusterSpecEditor.apply(before, mountedFileFragment());

        assertThat(withoutOwned(after)).isEqualTo(withoutOwned(before));
        Map<String, Object> aws = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) after.get("spec"))
                .get("authentication")).get("aws");
        assertThat(aws).isEqualTo(Map.of("image", "example.com/authenticator:v1"));
        assertThat(((Map<String, Object>) after.get("spec")).get("authorization")).isEqualTo(Map.of("rbac", Map.of()));
        assertThat(before).as("the input is not modified").extractingByKey("spec").asString().contains("backendMode=CRD");
    }

    @Test
    @SuppressWarnings("unchecked")
    void alwaysAllowIsReplacedByRbac() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("authorization", new LinkedHashMap<>(Map.of("alwaysAllow", Map.of())));
        spec.put("channel", "stable");
        Map<String, Object> cluster = new LinkedHashMap<>(Map.of("kind", "Cluster", "spec", spec));

        Map<String, Object> after = ClusterSpecEditor.apply(cluster, mountedFileFragment());

        Map<String, Object> s = (Map<String, Object>) after.get("spec");
        assertThat(s.get("authorization")).isEqualTo(Map.of("rbac", Map.of()));
        assertThat(s.get("channel")).isEqualTo("stable");
        assertThat(List.copyOf(s.keySet())).startsWith("authorization", "channel");
    }
}
