package io.kopsauth.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunStateTest {
    static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void roundTripsThroughJson() {
        RunState s = new RunState("setup", T);
        s.inputs(Map.of("region", "us-west-1"));
        s.put(RunState.CLUSTER, "authenticator.abcdefghij.k8s.local");
        s.record(Resource.created("s3-bucket", "authenticator.abcdefghij.k8s.local", "create-state-bucket").with("region", "us-west-1"));
        s.record(Resource.adopted("iam-role", "arn:aws:iam::111122223333:role/KubernetesAdmin", "create-admin-role"));
        s.runStarted(T);
        s.recordStep("choose-name", new StepOutcome(StepOutcome.Status.APPLIED, Duration.ofMillis(12), "no name yet"), T.plusSeconds(1));
        s.runFinished("succeeded", T.plusSeconds(2), Duration.ofSeconds(2));

        RunState back = RunState.fromJsonText(s.toJsonText());

        assertThat(back.toJson()).isEqualTo(s.toJson());
        assertThat(back.cluster()).contains("authenticator.abcdefghij.k8s.local");
        assertThat(back.resource("s3-bucket", "authenticator.abcdefghij.k8s.local")).get()
                .satisfies(r -> {
                    assertThat(r.created()).isTrue();
                    assertThat(r.details()).containsEntry("region", "us-west-1");
                });
        assertThat(back.resources("iam-role")).singleElement().extracting(Resource::created).isEqualTo(false);
        assertThat(back.step("choose-name")).get().extracting(RunState.StepRecord::elapsedMs).isEqualTo(12L);
        assertThat(back.status()).isEqualTo("succeeded");
        assertThat(back.runCount()).isEqualTo(1);
    }

    @Test
    void recordingAResourceAgainKeepsCreatedAndMergesDetails() {
        RunState s = new RunState("setup", T);
        s.record(Resource.created("iam-role", "r", "a").with("trust", "v1"));
        s.record(Resource.adopted("iam-role", "r", "a").with("tags", "x"));

        assertThat(s.resources()).singleElement().satisfies(r -> {
            assertThat(r.created()).as("a re-run that finds our own role must not forget we made it").isTrue();
            assertThat(r.details()).containsEntry("trust", "v1").containsEntry("tags", "x");
        });
    }

    @Test
    void requireNamesTheMissingValue() {
        assertThatThrownBy(() -> new RunState("setup", T).require("adminRoleArn")).hasMessageContaining("adminRoleArn");
    }

    @Test
    void rejectsADocumentThatIsNotAJournal() {
        assertThatThrownBy(() -> RunState.fromJsonText("{\"kind\":\"Other\"}")).hasMessageContaining("not a kopsauth journal");
    }
}
