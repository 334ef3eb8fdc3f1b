package io.kopsauth.workflow;

import io.kopsauth.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Something in the world a run made or adopted, as the journal remembers it: teardown removes exactly the
 * resources kopsauth created and leaves the others.
 *
 * @param kind    what sort of thing ("s3-bucket", "iam-role", "kops-cluster", "kubeconfig-user", ...)
 * @param id      its name or ARN
 * @param created true if kopsauth created it (false: it existed and was reused)
 * @param step    the id of the step that recorded it
 * @param details anything teardown needs to undo it exactly (previous values, file paths)
 */
public record Resource(String kind, String id, boolean created, String step, Map<String, String> details) {

    public Resource {
        details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public static Resource created(String kind, String id, String step) {
        return new Resource(kind, id, true, step, Map.of());
    }

    public static Resource adopted(String kind, String id, String step) {
        return new Resource(kind, id, false, step, Map.of());
    }

    public Resource with(String key, String value) {
        Map<String, String> d = new LinkedHashMap<>(details);
        d.put(key, value);
        return new Resource(kind, id, created, step, d);
    }

    Map<String, Object> toJson() {
        return Json.obj("kind", kind, "id", id, "createdByKopsauth", created, "step", step,
                "details", new LinkedHashMap<String, Object>(details));
    }

    @SuppressWarnings("unchecked")
    static Resource fromJson(Map<String, Object> m) {
        Map<String, String> d = new LinkedHashMap<>();
        Object details = m.get("details");
        if (details instanceof Map<?, ?> dm) dm.forEach((k, v) -> d.put((String) k, String.valueOf(v)));
        return new Resource((String) m.get("kind"), (String) m.get("id"), Boolean.TRUE.equals(m.get("createdByKopsauth")),
                (String) m.get("step"), d);
    }
}
