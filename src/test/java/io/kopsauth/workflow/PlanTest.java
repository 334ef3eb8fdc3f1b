package io.kopsauth.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PlanTest {

    @Test
    void thenStartsAStageAndAlongsideJoinsIt() {
        Step a = FakeStep.settingValue("a");
        Step b = FakeStep.settingValue("b");
        Step c = FakeStep.settingValue("c");

        Plan p = Plan.named("setup").then(a).then(b).alongside(c).build();

        assertThat(p.stages()).hasSize(2);
        assertThat(p.stages().get(1)).containsExactly(b, c);
        assertThat(p.steps()).containsExactly(a, b, c);
        assertThat(p.sequential().stages()).hasSize(3);
    }

    @Test
    void stepIdsMustBeUnique() {
        assertThatThrownBy(() -> Plan.named("p").then(FakeStep.settingValue("a")).then(FakeStep.settingValue("a")).build())
                .hasMessageContaining("duplicate step id a");
    }

    @Test
    void alongsideNeedsAStepBeforeIt() {
        assertThatThrownBy(() -> Plan.named("p").alongside(FakeStep.settingValue("a")))
                .isInstanceOf(IllegalStateException.class);
    }
}
