package io.kopsauth.ui;

import io.kopsauth.json.Json;
import io.kopsauth.workflow.Action;
import io.kopsauth.workflow.Check;
import io.kopsauth.workflow.Plan;
import io.kopsauth.workflow.RunListener;
import io.kopsauth.workflow.RunState;
import io.kopsauth.workflow.Step;
import io.kopsauth.workflow.StepOutcome;
import java.io.PrintWriter;
import java.time.Duration;

/** Writes a plan run as one compact JSON object per line ({@code -o json}), for scripts. */
public final class JsonEvents implements RunListener {
    private final PrintWriter out;

    public JsonEvents(PrintWriter out) {
        this.out = out;
    }

    private synchronized void emit(Object event) {
        out.println(Json.write(event));
        out.flush();
    }

    @Override
    public void planStarted(Plan plan, RunState state) {
        emit(Json.obj("event", "plan-started", "plan", plan.name(), "cluster", state.cluster().orElse(null),
                "steps", plan.steps().stream().map(Step::id).toList()));
    }

    @Override
    public void stepStarted(Step step) {
        emit(Json.obj("event", "step-started", "step", step.id(), "title", step.title()));
    }

    @Override
    public void stepChecked(Step step, Check check) {
        emit(Json.obj("event", "step-checked", "step", step.id(),
                "check", check.getClass().getSimpleName().toLowerCase(), "text", check.text()));
    }

    @Override
    public void stepNote(Step step, String text) {
        emit(Json.obj("event", "step-note", "step", step.id(), "text", text));
    }

    @Override
    public void action(Action action) {
        emit(Json.obj("event", "action", "action", action.toJson()));
    }

    @Override
    public void stepFinished(Step step, StepOutcome outcome) {
        emit(Json.obj("event", "step-finished", "step", step.id(), "status", outcome.status().word(),
                "elapsedMs", outcome.elapsed().toMillis(), "message", outcome.message()));
    }

    @Override
    public void planFinished(Plan plan, RunState state, boolean ok, Duration elapsed) {
        emit(Json.obj("event", "plan-finished", "plan", plan.name(), "ok", ok, "cluster", state.cluster().orElse(null),
                "elapsedMs", elapsed.toMillis()));
    }
}
