package io.kopsauth.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --templates DIR: overrides win, missing ones fall back, and the strict rules hold for custom templates too. */
class TemplateOverrideTest {
    @TempDir
    Path dir;

    private static final AuthenticatorConfig CONFIG = new AuthenticatorConfig("c.example.com",
            List.of(new IdentityMapping("arn:aws:iam::111122223333:role/A", "a", List.of("g"))), List.of(), List.of());

    @Test
    void anOverrideMayAddFieldsAndOthersFallBackToTheBuiltIns() throws Exception {
        String builtIn = new String(getClass().getClassLoader().getResourceAsStream("templates/configmap.yaml.ftl").readAllBytes());
        Files.writeString(dir.resolve("configmap.yaml.ftl"),
                builtIn.replace("  labels:\n", "  annotations:\n    team: platform\n  labels:\n"));
        var artifacts = new FreemarkerArtifacts(dir);
        assertThat(artifacts.configMap(CONFIG)).contains("team: platform").contains("\"arn:aws:iam::111122223333:role/A\"");
        assertThat(artifacts.trustPolicy(new TrustPolicy("111122223333", List.of(), false, null, null)))
                .isEqualTo(new FreemarkerArtifacts().trustPolicy(new TrustPolicy("111122223333", List.of(), false, null, null)));
    }

    @Test
    void aTemplateCannotInterpolateAUserValueWithoutQuoting() throws Exception {
        Files.writeString(dir.resolve("configmap.yaml.ftl"), "clusterID: ${clusterId}\n");
        assertThatThrownBy(() -> new FreemarkerArtifacts(dir).configMap(CONFIG))
                .isInstanceOf(FreemarkerArtifacts.TemplateFailedException.class).hasMessageContaining("configmap.yaml.ftl")
                .hasMessageContaining("clusterId");
    }

    @Test
    void aTemplateThatChangesTheStructureIsRefused() throws Exception {
        Files.writeString(dir.resolve("cluster-spec.yaml.ftl"), "spec:\n  authorization:\n    alwaysAllow: {}\n");
        assertThatThrownBy(() -> new FreemarkerArtifacts(dir).clusterSpecFragment(new ClusterAuthSpec(null, null, List.of())))
                .isInstanceOf(FreemarkerArtifacts.TemplateFailedException.class)
                .hasMessageContaining("does not render the intended structure").hasMessageContaining(".spec.authorization.rbac is missing");
    }

    @Test
    void aTemplateThatBreaksTheSyntaxIsRefused() throws Exception {
        Files.writeString(dir.resolve("trust-policy.json.ftl"), "{\"Version\": ${q(principals[0])}");
        assertThatThrownBy(() -> new FreemarkerArtifacts(dir).trustPolicy(new TrustPolicy("111122223333", List.of(), false, null, null)))
                .isInstanceOf(FreemarkerArtifacts.TemplateFailedException.class).hasMessageContaining("invalid JSON");
    }

    @Test
    void templatesCannotReachJavaClasses() throws Exception {
        Files.writeString(dir.resolve("cluster-spec.yaml.ftl"),
                "<#assign ex = \"freemarker.template.utility.Execute\"?new()>${ex(\"id\")}");
        assertThatThrownBy(() -> new FreemarkerArtifacts(dir).clusterSpecFragment(new ClusterAuthSpec(null, null, List.of())))
                .isInstanceOf(FreemarkerArtifacts.TemplateFailedException.class);
    }

    @Test
    void aMissingDirectoryIsReported() {
        assertThatThrownBy(() -> new FreemarkerArtifacts(dir.resolve("nope")))
                .isInstanceOf(FreemarkerArtifacts.TemplateFailedException.class).hasMessageContaining("not a directory");
    }
}
