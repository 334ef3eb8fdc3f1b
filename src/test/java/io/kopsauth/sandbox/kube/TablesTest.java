package io.kopsauth.sandbox.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.kopsauth.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TablesTest {
    static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    @Test
    void agesLikeKubectl() {
        assertThat(Tables.age("2026-01-01T11:59:55Z", NOW)).isEqualTo("5s");
        assertThat(Tables.age("2026-01-01T11:55:30Z", NOW)).isEqualTo("4m30s");
        assertThat(Tables.age("2026-01-01T11:00:00Z", NOW)).isEqualTo("60m");
        assertThat(Tables.age("2025-12-30T12:00:00Z", NOW)).isEqualTo("2d");
    }

    @Test
    @SuppressWarnings("unchecked")
    void podRowShowsWaitingReasonAndReadyCount() {
        Map<String, Object> pod = Json.obj("metadata", Json.obj("name", "aws-iam-authenticator-abcde", "creationTimestamp", "2026-01-01T11:59:50Z"),
                "spec", Json.obj("containers", List.of(Json.obj("name", "c"))),
                "status", Json.obj("phase", "Pending", "containerStatuses", List.of(Json.obj("name", "c", "ready", false, "restartCount", 0,
                        "state", Json.obj("waiting", Json.obj("reason", "ContainerCreating"))))));
        Map<String, Object> t = Tables.table(ApiResources.find("", "v1", "pods").orElseThrow(), List.of(pod), "7", NOW);
        assertThat(t.get("kind")).isEqualTo("Table");
        Map<String, Object> row = (Map<String, Object>) ((List<Object>) t.get("rows")).get(0);
        assertThat((List<Object>) row.get("cells")).startsWith("aws-iam-authenticator-abcde", "0/1", "ContainerCreating", 0, "10s");
    }

    @Test
    void forbiddenMessageHasKubernetesFormat() {
        var cm = ApiResources.find("", "v1", "configmaps").orElseThrow();
        assertThat(KubeApi.forbiddenMessage("alice", "list", cm, "kube-system", null, null))
                .isEqualTo("configmaps is forbidden: User \"alice\" cannot list resource \"configmaps\" in API group \"\" in the namespace \"kube-system\"");
        var nodes = ApiResources.find("", "v1", "nodes").orElseThrow();
        assertThat(KubeApi.forbiddenMessage("alice", "get", nodes, null, "n1", null))
                .isEqualTo("nodes \"n1\" is forbidden: User \"alice\" cannot get resource \"nodes\" in API group \"\" at the cluster scope");
    }

    @Test
    void selectors() {
        Map<String, Object> labels = Map.of("k8s-app", "aws-iam-authenticator", "tier", "cp");
        assertThat(Patches.labelsMatch(labels, "k8s-app=aws-iam-authenticator")).isTrue();
        assertThat(Patches.labelsMatch(labels, "k8s-app=aws-iam-authenticator,tier!=cp")).isFalse();
        assertThat(Patches.labelsMatch(labels, "tier in (cp,x),!missing")).isTrue();
        assertThat(Patches.fieldsMatch(Json.obj("metadata", Json.obj("name", "a")), "metadata.name=a")).isTrue();
        assertThat(Patches.fieldsMatch(Json.obj("metadata", Json.obj("name", "a")), "metadata.name=b")).isFalse();
    }

    @Test
    void strategicMergeDropsDirectivesAndNullsDelete() {
        Object merged = Patches.mergePatch(Json.obj("data", Json.obj("a", "1", "b", "2")),
                Json.parse("{\"$setElementOrder/x\":[],\"data\":{\"a\":null,\"c\":\"3\"}}"), true);
        assertThat(Json.write(merged)).isEqualTo("{\"data\":{\"b\":\"2\",\"c\":\"3\"}}");
    }
}
