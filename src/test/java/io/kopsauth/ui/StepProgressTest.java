package io.kopsauth.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.kopsauth.json.Json;
import io.kopsauth.workflow.Action;
import io.kopsauth.workflow.Check;
import io.kopsauth.workflow.Journal;
import io.kopsauth.workflow.Plan;
import io.kopsauth.workflow.PlanRunner;
import io.kopsauth.workflow.RunContext;
import io.kopsauth.workflow.RunListener;
import io.kopsauth.workflow.RunState;
import io.kopsauth.workflow.Step;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Help.Ansi;

class StepProgressTest {

    record SimpleStep(String id, String title, boolean done, boolean fails) implements Step {
        @Override
        public List<Action> describe(RunContext ctx) {
            return List.of();
        }

        @Override
        public Check check(RunContext ctx) {
            return done ? Check.done("bucket exists and is ours") : Check.todo("missing");
        }

        @Override
        public void apply(RunContext ctx) {
            ctx.note("waiting for the API server (0s)");
            ctx.note("waiting for the API server (2s)");
            ctx.note("applying the ConfigMap");
            if (fails) throw new IllegalStateException("kubectl apply failed\nmore detail");
        }
    }

    static String run(RunListener listener, Step... steps) {
        Plan.Builder b = Plan.named("setup");
        for (Step s : steps) b.then(s);
        RunState st = new RunState("setup", Instant.now());
        st.put(RunState.CLUSTER, "c.k8s.local");
        PlanRunner.journalingTo(Journal.NONE).listener(listener).run(b.build(), st);
        return "";
    }

    @Test
    void printsOneLinePerStepAndEachDistinctNoteOnce() {
        StringWriter out = new StringWriter();
        Console console = new Console(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), Ansi.OFF, false);

        run(new StepProgress(console, false), new SimpleStep("a", "Create the S3 state bucket", true, false),
                new SimpleStep("b", "Apply the mapping", false, true));

        String text = out.toString();
        assertThat(text).containsPattern("✔ Create the S3 state bucket  \\d+\\.\\ds  already done: bucket exists and is ours");
        assertThat(text.lines().filter(l -> l.contains("waiting for the API server")).count()).isEqualTo(1);
        assertThat(text).contains("  … Apply the mapping: applying the ConfigMap");
        assertThat(text).containsPattern("✖ Apply the mapping  \\d+\\.\\ds  failed: kubectl apply failed\n");
        assertThat(text).doesNotContain("more detail");
    }

    @Test
    void dryRunActionsAreShownWithTheirDetail() {
        StringWriter out = new StringWriter();
        Console console = new Console(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), Ansi.OFF, false);

        new StepProgress(console, false).action(new Action(Action.Kind.COMMAND, "kops replace -f -", "spec:\n  authorization: {}\n"));

        assertThat(out.toString()).isEqualTo("    would run: kops replace -f -\n      | spec:\n      |   authorization: {}\n");
    }

    @Test
    void formatsDurations() {
        assertThat(StepProgress.format(Duration.ofMillis(420))).isEqualTo("0.4s");
        assertThat(StepProgress.format(Duration.ofSeconds(125))).isEqualTo("2m05s");
    }

    @Test
    void jsonEventsAreOneObjectPerLine() {
        StringWriter out = new StringWriter();

        run(new JsonEvents(new PrintWriter(out, true)), new SimpleStep("a", "A", true, false));

        List<Map<String, Object>> events = out.toString().lines().map(Json::parseObject).toList();
        assertThat(events).extracting(e -> e.get("event"))
                .containsExactly("plan-started", "step-started", "step-checked", "step-finished", "plan-finished");
        assertThat(events.get(3)).containsEntry("status", "already-done").containsEntry("step", "a");
        assertThat(events.get(4)).containsEntry("ok", true).containsEntry("cluster", "c.k8s.local");
    }

    @Test
    void aDryRunMarksStepsThatWouldChangeSomething() {
        StringWriter out = new StringWriter();
        Console console = new Console(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), Ansi.OFF, false);

        run(new StepProgress(console, false).preview(), new SimpleStep("a", "Create the S3 state bucket", false, false));

        assertThat(out.toString()).containsPattern("• Create the S3 state bucket  \\d+\\.\\ds  \\(dry run\\)");
    }
}
