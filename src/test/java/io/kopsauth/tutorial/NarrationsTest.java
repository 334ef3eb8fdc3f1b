package io.kopsauth.tutorial;

import static org.assertj.core.api.Assertions.assertThat;

import io.kopsauth.render.AuthInputs;
import io.kopsauth.render.MappingMode;
import io.kopsauth.setup.SetupInputs;
import io.kopsauth.setup.Values;
import io.kopsauth.workflow.RunState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NarrationsTest {
    static final List<String> STEPS = List.of("preflight", "choose-name", "create-state-bucket", "create-cluster",
            "create-admin-role", "configure-cluster-auth", "update-cluster", "apply-mapping", "add-kubeconfig-user", "validate");

    static SetupInputs inputs() {
        AuthInputs d = AuthInputs.defaults("name.to.be.chosen").withRegion("eu-west-1");
        AuthInputs a = new AuthInputs(d.name(), null, null, d.region(), null, d.adminRoleName(), d.adminUsername(), d.adminGroups(),
                List.of(), List.of(), List.of(), List.of(), false, null, null, "aws-iam-authenticator", MappingMode.CONFIGMAP);
        return new SetupInputs(null, a, false, false, List.of("eu-west-1a"), null, null, null, null, null, false,
                Path.of("/home/u/.kube/config"), false, Map.of(), null, Duration.ofMinutes(15));
    }

    static Map<String, String> values(RunState s) {
        return Narrations.values(inputs(), s, n -> Path.of("/k/clusters", n, "admin.kubeconfig"), n -> Path.of("/k/clusters", n, "journal.json"));
    }

    @Test
    void everyStepOfSetupHasANarrationOfTwoToFiveSentencesBeforeAndAfterItsValuesAreKnown() {
        RunState fresh = new RunState("setup", Instant.EPOCH);
        RunState done = new RunState("setup", Instant.EPOCH);
        done.put(RunState.CLUSTER, "demo.k8s.local");
        done.put(Values.ACCOUNT, "111122223333");
        done.put(Values.STATE_STORE, "s3://demo-state");
        done.put(Values.STATE_BUCKET, "demo-state");
        Narrations n = new Narrations(null);
        for (String id : STEPS) {
            for (RunState s : List.of(fresh, done)) {
                Narration text = n.of(id, values(s)).orElseThrow(() -> new AssertionError("no narration for " + id));
                long sentences = text.intro().split("[.!?](\\s|$)").length;
                assertThat(sentences).as(id + ": " + text.intro()).isBetween(2L, 5L);
                assertThat(text.intro()).as(id).doesNotContain("${").doesNotContain("<#");
                assertThat(text.tryNow()).as(id).contains("$ ");
            }
        }
        assertThat(n.of("create-state-bucket", values(done)).orElseThrow().intro()).contains("demo-state in eu-west-1");
        assertThat(n.of("create-admin-role", values(fresh)).orElseThrow().intro()).contains("account <your account>");
        assertThat(n.of("validate", values(done)).orElseThrow().tryNow())
                .contains("$ kubectl --kubeconfig /home/u/.kube/config --context kopsauth-demo.k8s.local get nodes");
        assertThat(n.of(Narrations.CLEAN_UP, values(done))).get().extracting(Narration::intro).asString()
                .contains("/k/clusters/demo.k8s.local/journal.json");
        assertThat(n.of("no-such-step", values(done))).isEmpty();
    }

    @Test
    void aTemplatesDirectoryOverridesOneNarrationAndKeepsTheOthers(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("tutorial"));
        Files.writeString(dir.resolve("tutorial/validate.md"), "Check ${name}. Really.\n\n## More\nDetails.\n\n## Try now\n$ true\n");
        Narrations n = new Narrations(dir);
        RunState s = new RunState("setup", Instant.EPOCH);
        s.put(RunState.CLUSTER, "x.k8s.local");

        assertThat(n.of("validate", values(s))).contains(new Narration("Check x.k8s.local. Really.", "Details.", "$ true"));
        assertThat(n.of("preflight", values(s)).orElseThrow().intro()).contains("AWS STS");
    }
}
