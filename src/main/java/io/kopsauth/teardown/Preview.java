package io.kopsauth.teardown;

import io.kopsauth.json.Json;
import io.kopsauth.workflow.Plan;
import io.kopsauth.workflow.RunContext;
import io.kopsauth.workflow.RunState;
import io.kopsauth.workflow.Step;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a teardown plan will do, read from the world before anything changes: for each step, each resource with
 * delete / keep (and why) / already gone. The text and JSON previews and {@code kopsauth status} are views of it.
 *
 * @param cluster the cluster
 * @param steps   each step with its dispositions, in plan order
 */
public record Preview(String cluster, List<Entry> steps) {

    /** One step of the plan and what it will do. */
    public record Entry(Step step, List<Disposition> resources, String error) {
        public Entry {
            resources = List.copyOf(resources);
        }
    }

    /** Reads the world for every step of {@code plan}; a step that cannot read it says so and the others go on. */
    public static Preview of(Plan plan, RunState state, Clock clock) {
        RunContext ctx = new ReadOnlyContext(state, clock);
        List<Entry> out = new ArrayList<>();
        for (Step s : plan.steps()) {
            if (!(s instanceof UndoStep u)) continue;
            try {
                out.add(new Entry(s, u.assess(ctx), null));
            } catch (Exception | LinkageError e) {
                String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                out.add(new Entry(s, List.of(new Disposition("?", s.id(), Disposition.Verdict.UNKNOWN, msg)), msg));
            }
        }
        return new Preview(state.cluster().orElse(null), out);
    }

    /** Every resource in plan order. */
    public List<Disposition> resources() {
        return steps.stream().flatMap(e -> e.resources().stream()).toList();
    }

    /** True if the plan will change anything. */
    public boolean changesAnything() {
        return resources().stream().anyMatch(Disposition::changes);
    }

    public Map<String, Object> toJson() {
        List<Object> ss = new ArrayList<>();
        for (Entry e : steps) {
            ss.add(Json.obj("step", e.step().id(), "title", e.step().title(), "error", e.error(),
                    "resources", e.resources().stream().map(Disposition::toJson).toList()));
        }
        return Json.obj("cluster", cluster, "resources", resources().stream().map(Disposition::toJson).toList(), "steps", ss);
    }

    /** A context for reading only: assess() never notes, saves or waits. */
    private record ReadOnlyContext(RunState state, Clock clock) implements RunContext {
        @Override
        public void note(String text) {
        }

        @Override
        public void checkpoint() {
        }

        @Override
        public void sleep(Duration d) {
        }
    }
}
