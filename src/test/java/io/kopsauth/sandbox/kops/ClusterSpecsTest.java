package io.kopsauth.sandbox.kops;

import static org.assertj.core.api.Assertions.assertThat;

import io.kopsauth.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterSpecsTest {
    static final Path FIXTURE = Path.of("/work/shared/fixtures/kops/tests/integration/create_cluster/minimal-1.36/expected-v1alpha2.yaml");

    @Test
    void createClusterMatchesTheMinimal136Fixture() throws Exception {
        List<Map<String, Object>> objs = ClusterSpecs.create(new ClusterSpecs.CreateOptions("minimal.example.com", List.of("us-test-1a"), 1,
                "t2.medium", "m3.medium", "v1.36.0", "RBAC", "cni", null, "memfs://tests/minimal.example.com", "2017-01-01T00:00:00Z"));
        assertThat(ClusterSpecs.yamlAll(objs)).isEqualTo(Files.readString(FIXTURE));
    }

    @Test
    void validationMessagesAreKops() {
        Map<String, Object> c = ClusterSpecs.copy(Json.obj("spec", Json.obj("authentication", Json.obj("aws", Json.obj(
                "identityMappings", List.of(Json.obj("arn", "arn:aws:iam::111122223333:group/Admins", "username", "a")))),
                "authorization", Json.obj("rbac", Json.obj()), "kubeAPIServer", Json.obj("authorizationMode", "RBAC"))));
        List<String> errs = ClusterSpecs.validate(c);
        assertThat(errs).containsExactly(
                "spec.authentication.aws.backendMode: Forbidden: backendMode must be CRD if identityMappings is set",
                "spec.authentication.aws.identityMappings[0].arn: Invalid value: \"arn:aws:iam::111122223333:group/Admins\": arn must be a valid IAM Role or User ARN such as arn:aws:iam::123456789012:role/KopsExampleRole",
                "As of kubernetes 1.19 on AWS, authorizationMode must include RBAC and Node");
        assertThat(ClusterSpecs.aggregate(errs.subList(0, 1))).isEqualTo(errs.get(0));
        assertThat(ClusterSpecs.aggregate(errs.subList(0, 2))).startsWith("[spec.").endsWith("KopsExampleRole]");
    }

    @Test
    void clusterNames() {
        assertThat(ClusterSpecs.nameError("demo.example.com", true)).isNull();
        assertThat(ClusterSpecs.nameError("nodot", false)).isEqualTo("Cluster Name must be a fully-qualified DNS name (e.g. --name=mycluster.myzone.com)");
        assertThat(ClusterSpecs.nameError("nodot", true)).isNull();
        assertThat(ClusterSpecs.nameError("Bad_Name.example.com", true)).startsWith("Cluster Name must be a valid DNS name");
    }

    @Test
    void goJsonEscapesHtmlAndTabWriterPadsWithTabs() {
        assertThat(ClusterSpecs.goJson(Json.obj("m", "a<b>&"))).isEqualTo("{\"m\":\"a\\u003cb\\u003e\\u0026\"}");
        assertThat(TabWriter.format(List.of(List.of("NAME", "CLOUD", "ZONES"), List.of("minimal.example.com", "aws", "us-east-1a"))))
                .isEqualTo("NAME\t\t\tCLOUD\tZONES\nminimal.example.com\taws\tus-east-1a\n");
    }
}
