package io.kopsauth.workflow;

import io.kopsauth.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a run must remember, and what the journal file holds: the inputs, generated values (the random
 * cluster name!), each step's last status and timing, and every resource with whether kopsauth created it.
 * Thread-safe: steps of one stage may run at the same time.
 */
public final class RunState {
    /** The value key under which the subject of the run (the kops cluster name) is kept. */
    public static final String CLUSTER = "cluster";

    private final String plan;
    private final Map<String, String> inputs = new LinkedHashMap<>();
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, StepRecord> steps = new LinkedHashMap<>();
    private final List<Resource> resources = new ArrayList<>();
    private final List<Map<String, Object>> runs = new ArrayList<>();
    private String status = "new";
    private Instant created;
    private Instant updated;

    /**
     * The journaled record of one step.
     *
     * @param status    the outcome's word ("applied", "already-done", "failed", ...)
     * @param at        when the step finished
     * @param elapsedMs wall time in milliseconds
     * @param message   evidence or failure
     */
    public record StepRecord(String status, Instant at, long elapsedMs, String message) {}

    public RunState(String plan, Instant now) {
        this.plan = plan;
        this.created = now;
        this.updated = now;
    }

    public String plan() {
        return plan;
    }

    public synchronized String status() {
        return status;
    }

    public synchronized void status(String s, Instant now) {
        this.status = s;
        this.updated = now;
    }

    /** The cluster name, once chosen. */
    public synchronized Optional<String> cluster() {
        return value(CLUSTER);
    }

    public synchronized void inputs(Map<String, String> in) {
        inputs.clear();
        in.forEach((k, v) -> { if (v != null) inputs.put(k, v); });
    }

    public synchronized Optional<String> input(String key) {
        return Optional.ofNullable(inputs.get(key));
    }

    public synchronized Map<String, String> inputs() {
        return Map.copyOf(inputs);
    }

    public synchronized Optional<String> value(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** A value a previous step must have set; its absence is a bug in the plan's order. */
    public synchronized String require(String key) {
        String v = values.get(key);
        if (v == null) throw new IllegalStateException("run state has no '" + key + "' yet (a step ran out of order)");
        return v;
    }

    public synchronized void put(String key, String value) {
        if (value == null) values.remove(key); else values.put(key, value);
    }

    public synchronized Map<String, String> values() {
        return Map.copyOf(values);
    }

    public synchronized Instant updated() {
        return updated;
    }

    public synchronized Optional<StepRecord> step(String id) {
        return Optional.ofNullable(steps.get(id));
    }

    synchronized void recordStep(String id, StepOutcome o, Instant now) {
        steps.put(id, new StepRecord(o.status().word(), now, o.elapsed().toMillis(), o.message()));
        updated = now;
    }

    /** Records a resource, replacing an earlier record of the same kind and id (keeping "created" once true). */
    public synchronized void record(Resource r) {
        for (int i = 0; i < resources.size(); i++) {
            Resource old = resources.get(i);
            if (old.kind().equals(r.kind()) && old.id().equals(r.id())) {
                Map<String, String> d = new LinkedHashMap<>(old.details());
                d.putAll(r.details());
                resources.set(i, new Resource(r.kind(), r.id(), old.created() || r.created(), r.step(), d));
                return;
            }
        }
        resources.add(r);
    }

    public synchronized void forget(String kind, String id) {
        resources.removeIf(r -> r.kind().equals(kind) && r.id().equals(id));
    }

    public synchronized Optional<Resource> resource(String kind, String id) {
        return resources.stream().filter(r -> r.kind().equals(kind) && r.id().equals(id)).findFirst();
    }

    public synchronized List<Resource> resources() {
        return List.copyOf(resources);
    }

    public synchronized List<Resource> resources(String kind) {
        return resources.stream().filter(r -> r.kind().equals(kind)).toList();
    }

    synchronized void runStarted(Instant now) {
        status = "running";
        updated = now;
        runs.add(Json.obj("started", now.toString()));
    }

    synchronized void runFinished(String result, Instant now, Duration elapsed) {
        status = result;
        updated = now;
        if (!runs.isEmpty()) {
            Map<String, Object> last = runs.get(runs.size() - 1);
            last.put("finished", now.toString());
            last.put("result", result);
            last.put("elapsedMs", elapsed.toMillis());
        }
    }

    public synchronized int runCount() {
        return runs.size();
    }

    /** The journal document. */
    public synchronized Map<String, Object> toJson() {
        Map<String, Object> st = new LinkedHashMap<>();
        steps.forEach((id, r) -> st.put(id, Json.obj("status", r.status(), "at", r.at().toString(),
                "elapsedMs", r.elapsedMs(), "message", r.message())));
        return Json.obj(
                "kind", "KopsauthJournal",
                "version", 1L,
                "plan", plan,
                "status", status,
                "created", created.toString(),
                "updated", updated.toString(),
                "inputs", new LinkedHashMap<String, Object>(inputs),
                "values", new LinkedHashMap<String, Object>(values),
                "steps", st,
                "resources", resources.stream().map(Resource::toJson).toList(),
                "runs", runs.stream().map(LinkedHashMap::new).toList());
    }

    public String toJsonText() {
        return Json.pretty(toJson()) + "\n";
    }

    /** Reads a journal document written by {@link #toJson()}. */
    @SuppressWarnings("unchecked")
    public static RunState fromJson(Map<String, Object> m) {
        if (!"KopsauthJournal".equals(m.get("kind"))) throw new IllegalArgumentException("not a kopsauth journal");
        RunState s = new RunState((String) m.get("plan"), Instant.parse((String) m.get("created")));
        s.status = (String) m.getOrDefault("status", "new");
        s.updated = Instant.parse((String) m.get("updated"));
        ((Map<String, Object>) m.getOrDefault("inputs", Map.of())).forEach((k, v) -> s.inputs.put(k, String.valueOf(v)));
        ((Map<String, Object>) m.getOrDefault("values", Map.of())).forEach((k, v) -> s.values.put(k, String.valueOf(v)));
        ((Map<String, Object>) m.getOrDefault("steps", Map.of())).forEach((id, v) -> {
            Map<String, Object> r = (Map<String, Object>) v;
            s.steps.put(id, new StepRecord((String) r.get("status"), Instant.parse((String) r.get("at")),
                    ((Number) r.getOrDefault("elapsedMs", 0L)).longValue(), (String) r.get("message")));
        });
        for (Object r : (List<Object>) m.getOrDefault("resources", List.of())) {
            s.resources.add(Resource.fromJson((Map<String, Object>) r));
        }
        for (Object r : (List<Object>) m.getOrDefault("runs", List.of())) {
            s.runs.add(new LinkedHashMap<>((Map<String, Object>) r));
        }
        return s;
    }

    public static RunState fromJsonText(String text) {
        return fromJson(Json.parseObject(text));
    }
}
