package io.kopsauth.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kopsauth.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Hostile strings in every user-controlled field: each rendered document (and the ConfigMap's inner config.yaml)
 * must parse back with snakeyaml / JSON to exactly the intended structure, or the value must be rejected naming
 * the field. Expectations are built here as plain maps, independently of the renderer.
 */
class HostileInputTest {
    private static final String ROLE = "arn:aws:iam::111122223333:role/KubernetesAdmin";
    private static final String USER = "arn:aws:iam::111122223333:user/alice";
    private final Artifacts artifacts = new FreemarkerArtifacts();

    /** Strings that a naive template would turn into different YAML/JSON structure; all must survive as data. */
    static Stream<String> hostile() {
        return Stream.of(
                "quo\"te", "it's", "'single'", "\"double\"", "key: value", "a # comment", "#start", "a#b",
                "{{SessionName}}", "admin:{{SessionName}}", "}}{{", "{{ .Values.x }}", "${user.home}", "<#if true>x</#if>",
                "- roleARN: arn:aws:iam::999999999999:role/Evil", "x\\n  - roleARN: evil", "|", ">", "|-", ">+",
                "&anchor", "*alias", "!!tag", "!!python/object/apply:os.system [\"id\"]", "!local", " leading space",
                "trailing space ", "-", "- x", "?", "? x", ":", "::", ": x", "@at", "`tick`", "%TAG ! x", "---", "...",
                "\\", "\\\\", "\\u0041", "null", "~", "true", "no", "Yes", "0x1F", "012", "1e3", ".inf", "[a, b]",
                "{a: b}", "a, b", "=", "\ttab\t", "RTL שלום مرحبا", "\u202Eevil\u202C", "emoji 😀🚀👩‍👩‍👧",
                "\u2028line\u2029sep", "\u00a0nbsp", "\uFEFFbom", "x".repeat(Inputs.MAX_LENGTH),
                "é".repeat(Inputs.MAX_LENGTH));
    }

    /** Strings that cannot be carried safely (control characters, oversize, broken UTF-16): must be rejected. */
    static Stream<String> rejected() {
        return Stream.of("line1\nline2", "x\n- roleARN: evil", "cr\rlf", "nul\u0000", "bell\u0007", "esc\u001b[31m",
                "del\u007f", "nel\u0085", "c1\u009b", "x".repeat(Inputs.MAX_LENGTH + 1), "lone\ud83d", "\udc00x",
                "nonchar\uffff", "");
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void configMapCarriesHostileUsernamesGroupsAndClusterIdsAsData(String h) {
        var config = new AuthenticatorConfig(h,
                List.of(new IdentityMapping(ROLE, h, List.of(h, "system:masters")),
                        new IdentityMapping("arn:aws:iam::111122223333:role/Other", "u", List.of())),
                List.of(new IdentityMapping(USER, h, List.of(h))), List.of("012345678901"));
        String out = artifacts.configMap(config);

        Map<String, Object> doc = yamlMap(out);
        assertThat(doc).isEqualTo(Map.of("apiVersion", "v1", "kind", "ConfigMap",
                "metadata", Map.of("namespace", "kube-system", "name", "aws-iam-authenticator",
                        "labels", Map.of("k8s-app", "aws-iam-authenticator")),
                "data", Map.of("config.yaml", ((Map<?, ?>) doc.get("data")).get("config.yaml"))));
        String inner = (String) ((Map<?, ?>) doc.get("data")).get("config.yaml");
        assertThat(yamlMap(inner)).isEqualTo(Map.of("clusterID", h, "server", Map.of(
                "mapRoles", List.of(
                        Map.of("roleARN", ROLE, "username", h, "groups", List.of(h, "system:masters")),
                        Map.of("roleARN", "arn:aws:iam::111122223333:role/Other", "username", "u", "groups", List.of())),
                "mapUsers", List.of(Map.of("userARN", USER, "username", h, "groups", List.of(h))),
                "mapAccounts", List.of("012345678901"))));
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void kubeconfigUserCarriesHostileValuesAsData(String h) {
        var user = new ExecUser(h, h, h, h, List.of("token", "-i", h, "-r", ROLE), mapOf("AWS_PROFILE", h, h, h));
        Map<String, Object> doc = yamlMap(artifacts.execUser(user));
        Map<String, Object> env1 = Map.of("name", "AWS_PROFILE", "value", h);
        List<Object> env = h.equals("AWS_PROFILE") ? List.of(env1) : List.of(env1, Map.of("name", h, "value", h));
        assertThat(doc).isEqualTo(Map.of(
                "users", List.of(Map.of("name", h, "user", Map.of("exec", Map.of(
                        "apiVersion", "client.authentication.k8s.io/v1beta1", "command", h,
                        "args", List.of("token", "-i", h, "-r", ROLE), "env", env,
                        "interactiveMode", "IfAvailable", "provideClusterInfo", false)))),
                "contexts", List.of(Map.of("name", h, "context", Map.of("cluster", h, "user", h)))));
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void clusterSpecCarriesHostileValuesAsData(String h) {
        var spec = new ClusterAuthSpec("CRD", h, List.of(new IdentityMapping(ROLE, h, List.of(h)),
                new IdentityMapping(USER, "u", List.of())));
        assertThat(yamlMap(artifacts.clusterSpecFragment(spec))).isEqualTo(Map.of("spec", Map.of(
                "authorization", Map.of("rbac", Map.of()),
                "authentication", Map.of("aws", Map.of("backendMode", "CRD", "clusterID", h, "identityMappings", List.of(
                        Map.of("arn", ROLE, "username", h, "groups", List.of(h)),
                        Map.of("arn", USER, "username", "u", "groups", List.of())))))));
    }

    @Test
    void trustPolicyCarriesEveryAllowedExternalIdCharacterAsData() {
        String ext = "a+b=c,d.e@f:g/h-i_j" + "9".repeat(900);
        String out = artifacts.trustPolicy(new TrustPolicy("111122223333", List.of(), true, 600L, ext));
        assertThat(Json.parse(out)).isEqualTo(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                "Effect", "Allow", "Principal", Map.of("AWS", "arn:aws:iam::111122223333:root"),
                "Action", "sts:AssumeRole", "Condition", Map.of(
                        "Bool", Map.of("aws:MultiFactorAuthPresent", "true"),
                        "NumericLessThan", Map.of("aws:MultiFactorAuthAge", "600"),
                        "StringEquals", Map.of("sts:ExternalId", ext))))));
    }

    @Test
    void trustPolicyWithoutConditionsHasNoConditionObject() {
        Map<?, ?> st = (Map<?, ?>) ((List<?>) Json.parseObject(artifacts.trustPolicy(
                new TrustPolicy("111122223333", List.of(), false, null, null))).get("Statement")).get(0);
        assertThat(st.containsKey("Condition")).isFalse();
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void hostileExternalIdsAndPrincipalsOutsideIamsAlphabetAreRejected(String h) {
        if (h.matches("[\\w+=,.@:/-]{2,1000}")) return;
        assertThatThrownBy(() -> artifacts.trustPolicy(new TrustPolicy("111122223333", List.of(), false, null, h)))
                .isInstanceOf(Artifacts.InvalidInputException.class).hasMessageStartingWith("--external-id: ");
        if (h.matches("[\\w+=,.@-]{1,64}")) return;
        assertThatThrownBy(() -> artifacts.trustPolicy(new TrustPolicy(null, List.of("arn:aws:iam::111122223333:role/" + h), false, null, null)))
                .isInstanceOf(Artifacts.InvalidInputException.class).hasMessageStartingWith("principal: ");
    }

    @ParameterizedTest
    @MethodSource("rejected")
    void unsafeValuesAreRejectedNamingTheField(String bad) {
        assertThatThrownBy(() -> artifacts.configMap(new AuthenticatorConfig("c", List.of(new IdentityMapping(ROLE, bad, List.of())), List.of(), List.of())))
                .isInstanceOf(Artifacts.InvalidInputException.class).hasMessageStartingWith("mapRoles username: ");
        assertThatThrownBy(() -> artifacts.configMap(new AuthenticatorConfig("c", List.of(new IdentityMapping(ROLE, "u", List.of(bad))), List.of(), List.of())))
                .isInstanceOf(Artifacts.InvalidInputException.class).hasMessageStartingWith("mapRoles group: ");
        assertThatThrownBy(() -> artifacts.configMap(new AuthenticatorConfig(bad, List.of(), List.of(), List.of())))
                .isInstanceOf(Artifacts.InvalidInputException.class).hasMessageStartingWith("clusterID: ");
        assertThatThrownBy(() -> artifacts.execUser(new ExecUser("u", "c", "k", "aws-iam-authenticator", List.of(bad), Map.of())))
                .isInstanceOf(Artifacts.InvalidInputException.class).hasMessageStartingWith("argument: ");
        assertThatThrownBy(() -> artifacts.execUser(new ExecUser("u", "c", "k", "x", List.of(), Map.of("AWS_PROFILE", bad))))
                .isInstanceOf(Artifacts.InvalidInputException.class).hasMessageStartingWith("env AWS_PROFILE: ");
        assertThatThrownBy(() -> artifacts.clusterSpecFragment(new ClusterAuthSpec("CRD", bad, List.of())))
                .isInstanceOf(Artifacts.InvalidInputException.class).hasMessageStartingWith("clusterID: ");
    }

    @Test
    void rejectionsSayWhy() {
        assertThatThrownBy(() -> Inputs.text("--admin-username", "a\nb")).hasMessage(
                "--admin-username: contains the control character U+000A at position 1");
        assertThatThrownBy(() -> Inputs.text("--admin-username", "x".repeat(1001))).hasMessage(
                "--admin-username: is 1001 characters long; at most 1000 are allowed");
        assertThatThrownBy(() -> Inputs.accountId("--account-id", "12345")).hasMessageContaining("not a 12-digit AWS account id");
    }

    @Test
    void invalidArnsAreRejected() {
        for (String arn : List.of("arn:aws:iam::111122223333:group/x", "arn:aws:sts::111122223333:assumed-role/A/s",
                "arn:aws:iam::1111:role/A", "arn:aws:iam:us-east-1:111122223333:role/A", "arn:evil:iam::111122223333:role/A",
                "role/A", "arn:aws:iam::111122223333:role/", "arn:aws:iam::111122223333:role/a b",
                "arn:aws:iam::111122223333:role/a\"b", "arn:aws:iam::111122223333:role//x")) {
            assertThatThrownBy(() -> artifacts.configMap(new AuthenticatorConfig("c",
                    List.of(new IdentityMapping(arn, "u", List.of())), List.of(), List.of())))
                    .as(arn).isInstanceOf(Artifacts.InvalidInputException.class).hasMessageStartingWith("mapRoles ARN: ");
        }
        assertThatThrownBy(() -> artifacts.configMap(new AuthenticatorConfig("c", List.of(), List.of(), List.of("12"))))
                .hasMessageStartingWith("mapAccounts: ");
        assertThatThrownBy(() -> artifacts.configMap(new AuthenticatorConfig("c", List.of(),
                List.of(new IdentityMapping(ROLE, "u", List.of())), List.of())))
                .hasMessageStartingWith("mapUsers ARN: ");
    }

    @Test
    void rolePathsAreStrippedAndWarnedAbout() {
        var m = new IdentityMapping("arn:aws:iam::111122223333:role/org/team/Admin", "a", List.of());
        String out = artifacts.configMap(new AuthenticatorConfig("c", List.of(m), List.of(), List.of()));
        String inner = (String) ((Map<?, ?>) yamlMap(out).get("data")).get("config.yaml");
        assertThat(((Map<?, ?>) ((List<?>) ((Map<?, ?>) yamlMap(inner).get("server")).get("mapRoles")).get(0)).get("roleARN"))
                .isEqualTo("arn:aws:iam::111122223333:role/Admin");
        assertThat(Inputs.warnings(List.of(m))).singleElement().asString()
                .contains("role/org/team/Admin").contains("arn:aws:iam::111122223333:role/Admin");
    }

    @Test
    void identityMappingsNeedCrd() {
        assertThatThrownBy(() -> artifacts.clusterSpecFragment(new ClusterAuthSpec("MountedFile", null,
                List.of(new IdentityMapping(ROLE, "u", List.of())))))
                .isInstanceOf(Artifacts.InvalidInputException.class).hasMessageContaining("backendMode must be CRD");
        assertThatThrownBy(() -> artifacts.clusterSpecFragment(new ClusterAuthSpec("CRD,Bogus", null, List.of())))
                .hasMessageStartingWith("backendMode: unknown mode 'Bogus'");
        assertThat(yamlMap(artifacts.clusterSpecFragment(new ClusterAuthSpec("CRD,MountedFile", null, List.of()))))
                .isEqualTo(Map.of("spec", Map.of("authorization", Map.of("rbac", Map.of()),
                        "authentication", Map.of("aws", Map.of("backendMode", "CRD,MountedFile")))));
    }

    @Test
    void theConfigMapHasTheShapeOfTheAuthenticatorsOwnExample() throws Exception {
        String fixture = java.nio.file.Files.readString(java.nio.file.Path.of("/work/shared/fixtures/authenticator/example.yaml"));
        Map<String, Object> cm = null;
        for (Object d : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(fixture)) {
            if (d instanceof Map<?, ?> m && "ConfigMap".equals(m.get("kind"))
                    && "aws-iam-authenticator".equals(((Map<?, ?>) m.get("metadata")).get("name"))) {
                cm = cast(m);
            }
        }
        assertThat(cm).as("the fixture's ConfigMap").isNotNull();
        Map<String, Object> expectedInner = yamlMap((String) ((Map<?, ?>) cm.get("data")).get("config.yaml"));
        Map<String, Object> server = cast((Map<?, ?>) expectedInner.get("server"));
        server.values().removeIf(java.util.Objects::isNull);

        List<IdentityMapping> roles = new ArrayList<>();
        for (Object o : (List<?>) server.get("mapRoles")) {
            Map<?, ?> r = (Map<?, ?>) o;
            roles.add(new IdentityMapping((String) r.get("roleARN"), (String) r.get("username"), strings(r.get("groups"))));
        }
        List<IdentityMapping> users = new ArrayList<>();
        for (Object o : (List<?>) server.get("mapUsers")) {
            Map<?, ?> u = (Map<?, ?>) o;
            users.add(new IdentityMapping((String) u.get("userARN"), (String) u.get("username"), strings(u.get("groups"))));
        }
        String out = artifacts.configMap(new AuthenticatorConfig((String) expectedInner.get("clusterID"), roles, users, List.of()));
        Map<String, Object> ours = yamlMap(out);
        Map<String, Object> theirs = new LinkedHashMap<>(cm);
        assertThat(without(ours, "data")).isEqualTo(without(theirs, "data"));
        assertThat(((Map<?, ?>) ours.get("data")).keySet()).isEqualTo(((Map<?, ?>) theirs.get("data")).keySet());
        assertThat(yamlMap((String) ((Map<?, ?>) ours.get("data")).get("config.yaml")))
                .isEqualTo(Map.of("clusterID", expectedInner.get("clusterID"), "server", server));
    }

    private static Map<String, Object> without(Map<String, Object> m, String key) {
        Map<String, Object> c = new LinkedHashMap<>(m);
        c.remove(key);
        return c;
    }

    private static List<String> strings(Object o) {
        return ((List<?>) o).stream().map(String.class::cast).toList();
    }

    private static Map<String, String> mapOf(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> m) {
        return new LinkedHashMap<>((Map<String, Object>) m);
    }

    private static Map<String, Object> yamlMap(String text) {
        LoaderOptions lo = new LoaderOptions();
        lo.setAllowDuplicateKeys(false);
        Object o = new Yaml(new SafeConstructor(lo)).load(text);
        assertThat(o).isInstanceOf(Map.class);
        return cast((Map<?, ?>) o);
    }
}
