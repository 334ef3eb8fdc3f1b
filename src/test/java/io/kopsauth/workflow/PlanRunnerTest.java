package io.kopsauth.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.kopsauth.workflow.StepOutcome.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PlanRunnerTest {

    /** Remembers, at each save, which steps the state had recorded (so we can see the journal order). */
    static final class SnapshotJournal implements Journal {
        final List<String> saves = Collections.synchronizedList(new ArrayList<>());
        boolean closed;

        @Override
        public void save(RunState state) {
            saves.add(state.status() + ":" + state.toJson().get("steps").toString());
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Collects listener events as strings. */
    static final class EventLog implements RunListener {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void stepStarted(Step step) {
            events.add("start " + step.id());
        }

        @Override
        public void stepChecked(Step step, Check check) {
            events.add("check " + step.id() + " " + check.getClass().getSimpleName());
        }

        @Override
        public void stepNote(Step step, String text) {
            events.add("note " + step.id() + " " + text);
        }

        @Override
        public void stepFinished(Step step, StepOutcome outcome) {
            events.add("finish " + step.id() + " " + outcome.status().word());
        }

        @Override
        public void planFinished(Plan plan, RunState state, boolean ok, java.time.Duration elapsed) {
            events.add("plan " + (ok ? "ok" : "failed"));
        }
    }

    static RunState state() {
        RunState s = new RunState("test", Instant.parse("2026-01-01T00:00:00Z"));
        s.put(RunState.CLUSTER, "c.k8s.local");
        return s;
    }

    @Test
    void runsStepsInOrderAndJournalsAfterEach() {
        FakeStep a = FakeStep.settingValue("a");
        FakeStep b = FakeStep.settingValue("b");
        SnapshotJournal j = new SnapshotJournal();
        EventLog log = new EventLog();
        RunState s = state();

        RunResult r = PlanRunner.journalingTo(j).listener(log).run(Plan.named("p").then(a).then(b).build(), s);

        assertThat(r.ok()).isTrue();
        assertThat(log.events).containsExactly("start a", "check a Todo", "finish a applied",
                "start b", "check b Todo", "finish b applied", "plan ok");
        // start, after a, after b, end
        assertThat(j.saves).hasSize(4);
        assertThat(j.saves.get(1)).contains("a=").doesNotContain("b=");
        assertThat(j.saves.get(2)).contains("a=").contains("b=");
        assertThat(j.saves.get(3)).startsWith("succeeded:");
        assertThat(s.step("a")).get().extracting(RunState.StepRecord::status).isEqualTo("applied");
        assertThat(j.closed).as("the runner does not own the journal").isFalse();
    }

    @Test
    void aSecondRunFindsEverythingDoneAndAppliesNothing() {
        FakeStep a = FakeStep.settingValue("a");
        FakeStep b = FakeStep.settingValue("b");
        Plan plan = Plan.named("p").then(a).then(b).build();
        RunState s = state();
        PlanRunner.journalingTo(Journal.NONE).run(plan, s);

        RunResult again = PlanRunner.journalingTo(Journal.NONE).run(plan, s);

        assertThat(again.ok()).isTrue();
        assertThat(a.applied).hasValue(1);
        assertThat(b.applied).hasValue(1);
        assertThat(again.steps()).extracting(e -> e.outcome().status()).containsExactly(Status.ALREADY_DONE, Status.ALREADY_DONE);
        assertThat(s.runCount()).isEqualTo(2);
    }

    @Test
    void aFailingStepEndsTheRunAndIsJournaledWithItsReason() {
        FakeStep a = FakeStep.settingValue("a");
        FakeStep boom = FakeStep.todo("boom", ctx -> { throw new IllegalStateException("bucket is owned by someone else"); });
        FakeStep c = FakeStep.settingValue("c");
        SnapshotJournal j = new SnapshotJournal();
        RunState s = state();

        RunResult r = PlanRunner.journalingTo(j).run(Plan.named("p").then(a).then(boom).then(c).build(), s);

        assertThat(r.status()).isEqualTo(RunResult.Status.FAILED);
        assertThat(r.failed()).isSameAs(boom);
        assertThat(r.failure()).hasMessage("bucket is owned by someone else");
        assertThat(c.applied).hasValue(0);
        assertThat(s.step("boom")).get().satisfies(rec -> {
            assertThat(rec.status()).isEqualTo("failed");
            assertThat(rec.message()).isEqualTo("bucket is owned by someone else");
        });
        assertThat(s.status()).isEqualTo("failed");
        assertThat(j.saves.get(j.saves.size() - 1)).startsWith("failed:");
    }

    @Test
    void keepGoingRunsEveryStepAfterAFailureAndStillFailsWithTheFirst() {
        FakeStep boom = FakeStep.todo("boom", ctx -> { throw new IllegalStateException("first"); });
        FakeStep b = FakeStep.settingValue("b");
        FakeStep bang = FakeStep.todo("bang", ctx -> { throw new IllegalStateException("second"); });
        FakeStep c = FakeStep.settingValue("c");
        RunState s = state();

        RunResult r = PlanRunner.journalingTo(Journal.NONE).keepGoing().run(Plan.named("p").then(boom).then(b).then(bang).then(c).build(), s);

        assertThat(r.status()).isEqualTo(RunResult.Status.FAILED);
        assertThat(r.failed()).isSameAs(boom);
        assertThat(r.failure()).hasMessage("first");
        assertThat(b.applied).hasValue(1);
        assertThat(c.applied).hasValue(1);
        assertThat(r.steps()).extracting(e -> e.outcome().status()).containsExactly(Status.FAILED, Status.APPLIED, Status.FAILED, Status.APPLIED);
        assertThat(s.status()).isEqualTo("failed");
    }

    @Test
    void aCheckThatThrowsFailsTheStepWithoutApplying() {
        FakeStep a = new FakeStep("a", ctx -> { throw new IllegalStateException("cannot read"); }, ctx -> { });

        RunResult r = PlanRunner.journalingTo(Journal.NONE).run(Plan.named("p").then(a).build(), state());

        assertThat(r.status()).isEqualTo(RunResult.Status.FAILED);
        assertThat(a.applied).hasValue(0);
    }

    @Test
    void unknownIsAppliedBecauseApplyIsIdempotent() {
        FakeStep a = new FakeStep("a", ctx -> Check.unknown("API not reachable yet"), ctx -> { });

        RunResult r = PlanRunner.journalingTo(Journal.NONE).run(Plan.named("p").then(a).build(), state());

        assertThat(r.ok()).isTrue();
        assertThat(a.applied).hasValue(1);
    }

    @Test
    void theGateCanSkipAStepOrStopTheRun() {
        FakeStep a = FakeStep.settingValue("a");
        FakeStep b = FakeStep.settingValue("b");
        FakeStep c = FakeStep.settingValue("c");
        List<String> asked = new ArrayList<>();
        Gate gate = (step, check, ctx) -> {
            asked.add(step.id() + ":" + step.describe(ctx).get(0).text());
            return switch (step.id()) {
                case "a" -> Gate.Decision.SKIP;
                case "b" -> Gate.Decision.STOP;
                default -> Gate.Decision.GO;
            };
        };
        RunState s = state();

        RunResult r = PlanRunner.journalingTo(Journal.NONE).gate(gate).run(Plan.named("p").then(a).then(b).then(c).build(), s);

        assertThat(asked).containsExactly("a:do a", "b:do b");
        assertThat(r.status()).isEqualTo(RunResult.Status.STOPPED);
        assertThat(r.failed()).isSameAs(b);
        assertThat(a.applied.get() + b.applied.get() + c.applied.get()).isZero();
        assertThat(s.step("a")).get().extracting(RunState.StepRecord::status).isEqualTo("skipped");
        assertThat(s.status()).isEqualTo("stopped");
    }

    @Test
    void theGateIsNotAskedForStepsAlreadyDone() {
        FakeStep a = new FakeStep("a", ctx -> Check.done("there"), ctx -> { });
        List<String> asked = new ArrayList<>();

        PlanRunner.journalingTo(Journal.NONE).gate((st, ch, ctx) -> { asked.add(st.id()); return Gate.Decision.GO; })
                .run(Plan.named("p").then(a).build(), state());

        assertThat(asked).isEmpty();
    }

    @Test
    void stepsOfOneStageRunAtTheSameTime() throws Exception {
        CountDownLatch bothRunning = new CountDownLatch(2);
        FakeStep.Body meet = ctx -> {
            bothRunning.countDown();
            // Each waits for the other: this only finishes if they run concurrently.
            if (!bothRunning.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("ran one after the other");
        };
        FakeStep a = FakeStep.todo("a", meet);
        FakeStep b = FakeStep.todo("b", meet);
        FakeStep c = FakeStep.settingValue("c");

        RunResult r = PlanRunner.journalingTo(Journal.NONE).run(Plan.named("p").then(a).alongside(b).then(c).build(), state());

        assertThat(r.ok()).isTrue();
        assertThat(c.applied).hasValue(1);
        assertThat(r.steps().get(2).step()).isSameAs(c);
    }

    @Test
    void aFailureInAStageLetsItsSiblingFinishAndStopsBeforeTheNextStage() {
        CountDownLatch failed = new CountDownLatch(1);
        FakeStep a = FakeStep.todo("a", ctx -> {
            failed.countDown();
            throw new IllegalStateException("a broke");
        });
        FakeStep b = FakeStep.todo("b", ctx -> {
            failed.await(60, TimeUnit.SECONDS);
            ctx.state().put("b", "finished");
        });
        FakeStep c = FakeStep.settingValue("c");
        RunState s = state();

        RunResult r = PlanRunner.journalingTo(Journal.NONE).run(Plan.named("p").then(a).alongside(b).then(c).build(), s);

        assertThat(r.status()).isEqualTo(RunResult.Status.FAILED);
        assertThat(r.failed()).isSameAs(a);
        assertThat(s.value("b")).contains("finished");
        assertThat(s.step("b")).get().extracting(RunState.StepRecord::status).isEqualTo("applied");
        assertThat(c.applied).hasValue(0);
    }

    @Test
    void sequentialRunsStagesOneStepAtATime() {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        FakeStep a = FakeStep.todo("a", ctx -> order.add("a"));
        FakeStep b = FakeStep.todo("b", ctx -> order.add("b"));

        PlanRunner.journalingTo(Journal.NONE).sequential().run(Plan.named("p").then(a).alongside(b).build(), state());

        assertThat(order).containsExactly("a", "b");
    }

    @Test
    void checkpointSavesMidStepAndNotesReachTheListener() {
        SnapshotJournal j = new SnapshotJournal();
        EventLog log = new EventLog();
        FakeStep a = FakeStep.todo("a", ctx -> {
            ctx.state().record(Resource.created("s3-bucket", "b1", "a"));
            ctx.checkpoint();
            ctx.note("bucket created; enabling versioning");
        });

        PlanRunner.journalingTo(j).listener(log).run(Plan.named("p").then(a).build(), state());

        assertThat(j.saves).hasSize(4); // start, checkpoint, after a, end
        assertThat(log.events).contains("note a bucket created; enabling versioning");
    }

    @Test
    void aJournalThatCannotBeWrittenFailsTheStep() {
        Journal broken = st -> {
            if (st.step("a").isPresent()) throw new IllegalStateException("disk full");
        };
        FakeStep a = FakeStep.settingValue("a");

        RunResult r = PlanRunner.journalingTo(broken).run(Plan.named("p").then(a).build(), state());

        assertThat(r.status()).isEqualTo(RunResult.Status.FAILED);
        assertThat(r.failure()).hasMessage("disk full");
    }

    @Test
    void sleepsGoThroughTheSleeper() {
        List<java.time.Duration> slept = new ArrayList<>();
        FakeStep a = FakeStep.todo("a", ctx -> ctx.sleep(java.time.Duration.ofSeconds(5)));

        PlanRunner.journalingTo(Journal.NONE).sleeper(slept::add).run(Plan.named("p").then(a).build(), state());

        assertThat(slept).containsExactly(java.time.Duration.ofSeconds(5));
    }
}
