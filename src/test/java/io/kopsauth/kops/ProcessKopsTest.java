package io.kopsauth.kops;

import static org.assertj.core.api.Assertions.assertThat;

import io.kopsauth.exec.Cmd;
import io.kopsauth.exec.ProcResult;
import io.kopsauth.exec.ProcessRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ProcessKopsTest {
    static final String FAILING = "{\"failures\":[{\"type\":\"Pod\",\"name\":\"kube-system/aws-iam-authenticator-7xk2p\","
            + "\"message\":\"system-node-critical pod \\\"aws-iam-authenticator-7xk2p\\\" is pending\",\"instanceGroup\":{\"spec\":{\"minSize\":1}}}],"
            + "\"nodes\":[{\"name\":\"i-0a1b\",\"zone\":\"us-east-1a\",\"role\":\"control-plane\",\"hostname\":\"i-0a1b\",\"status\":\"True\"}]}";
    static final String HEALTHY = "{\"nodes\":[{\"name\":\"i-0a1b\",\"zone\":\"us-east-1a\",\"role\":\"control-plane\",\"hostname\":\"i-0a1b\",\"status\":\"True\"},"
            + "{\"name\":\"i-0f1e\",\"zone\":\"us-east-1a\",\"role\":\"node\",\"hostname\":\"i-0f1e\",\"status\":\"True\"}]}";

    /** Answers every command with one canned result and remembers the commands. */
    static final class CannedRunner implements ProcessRunner {
        final List<Cmd> cmds = new ArrayList<>();
        final int exit;
        final String stdout;
        final String stderr;

        CannedRunner(int exit, String stdout, String stderr) {
            this.exit = exit;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        @Override
        public ProcResult run(Cmd cmd, Consumer<String> onLine) {
            cmds.add(cmd);
            return new ProcResult(cmd, exit, stdout, stderr, Duration.ZERO);
        }
    }

    @Test
    void validateParsesTheLastObjectOfARetriedWait() {
        CannedRunner r = new CannedRunner(0, FAILING + FAILING + HEALTHY, "");

        Kops.Validation v = new ProcessKops(r, Map.of("S3_ENDPOINT", "http://127.0.0.1:1"), l -> { })
                .validate("c.k8s.local", "s3://b", Duration.ofMinutes(10));

        assertThat(v.healthy()).isTrue();
        assertThat(v.nodes()).extracting(Kops.Node::role).containsExactly("control-plane", "node");
        assertThat(r.cmds.get(0).argv()).containsExactly("kops", "validate", "cluster", "--name", "c.k8s.local",
                "--state", "s3://b", "--wait", "600s", "--interval", "5s", "-o", "json");
        assertThat(r.cmds.get(0).env()).containsEntry("S3_ENDPOINT", "http://127.0.0.1:1");
    }

    @Test
    void validateReportsFailuresInKopsWords() {
        CannedRunner r = new CannedRunner(1, FAILING + FAILING, "Error: validation failed: wait time exceeded during validation\n");

        Kops.Validation v = new ProcessKops(r, Map.of(), l -> { }).validate("c.k8s.local", "s3://b", Duration.ofSeconds(5));

        assertThat(v.healthy()).isFalse();
        assertThat(v.failures()).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo("Pod");
            assertThat(f.message()).isEqualTo("system-node-critical pod \"aws-iam-authenticator-7xk2p\" is pending");
        });
    }

    @Test
    void getClusterIsEmptyWhenKopsSaysNotFound() {
        CannedRunner r = new CannedRunner(1, "", "Error: cluster not found \"c.k8s.local\"\n");

        assertThat(new ProcessKops(r, Map.of(), l -> { }).getClusterYaml("c.k8s.local", "s3://b")).isEmpty();
        assertThat(r.cmds.get(0).readOnly()).isTrue();
    }

    @Test
    void createClusterPassesOnlyTheOptionsGiven() {
        Cmd c = KopsCommands.createCluster(new Kops.CreateCluster("c.k8s.local", List.of("us-west-1a", "us-west-1b"), "s3://b",
                2, null, "t3.medium", null));

        assertThat(c.argv()).containsExactly("kops", "create", "cluster", "--name", "c.k8s.local", "--zones",
                "us-west-1a,us-west-1b", "--state", "s3://b", "--node-count", "2", "--control-plane-size", "t3.medium");
        assertThat(c.readOnly()).isFalse();
    }

    @Test
    void updateNeverTouchesTheUsersKubeconfig() {
        assertThat(KopsCommands.updateCluster("c", "s3://b").argv()).contains("--yes", "--create-kube-config=false");
    }
}
