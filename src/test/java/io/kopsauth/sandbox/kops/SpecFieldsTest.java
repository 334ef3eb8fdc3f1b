package io.kopsauth.sandbox.kops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kopsauth.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecFieldsTest {
    static Map<String, Object> cluster() {
        return ClusterSpecs.copy(Json.obj("spec", Json.obj("kubernetesApiAccess", List.of("0.0.0.0/0"), "authorization", Json.obj("alwaysAllow", Json.obj()))));
    }

    @Test
    void createsIntermediateStructsAndEmptyStructs() {
        Map<String, Object> c = cluster();
        SpecFields.set(c, "spec.authentication.aws.backendMode=CRD");
        SpecFields.unset(c, "spec.authorization.alwaysAllow");
        SpecFields.set(c, "cluster.spec.authorization.rbac=");
        assertThat(Json.write(c.get("spec"))).isEqualTo(
                "{\"kubernetesApiAccess\":[\"0.0.0.0/0\"],\"authorization\":{\"rbac\":{}},\"authentication\":{\"aws\":{\"backendMode\":\"CRD\"}}}");
    }

    @Test
    void sliceValuesAreSplitAndAppended() {
        Map<String, Object> c = cluster();
        SpecFields.set(c, "spec.kubernetesApiAccess=10.0.0.0/8,192.168.0.0/16");
        assertThat(ClusterSpecs.map(c.get("spec")).get("kubernetesApiAccess")).isEqualTo(List.of("0.0.0.0/0", "10.0.0.0/8", "192.168.0.0/16"));
    }

    @Test
    void noIndexGrowthBefore137() {
        Map<String, Object> c = cluster();
        SpecFields.set(c, "spec.authentication.aws.backendMode=CRD");
        assertThatThrownBy(() -> SpecFields.set(c, "spec.authentication.aws.identityMappings[0].arn=arn:aws:iam::1:role/A"))
                .hasMessage("field spec.authentication.aws.identityMappings[0].arn not found in *kops.Cluster");
        assertThatThrownBy(() -> SpecFields.set(c, "spec.authentication.aws.nosuch=1"))
                .hasMessage("field spec.authentication.aws.nosuch not found in *kops.Cluster");
    }
}
