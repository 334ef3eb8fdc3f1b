package io.kopsauth.sandbox.kube;

import io.kopsauth.json.Json;
import java.util.Map;

/** A Kubernetes API error, answered as a {@code Status} object with its HTTP code. */
public final class ApiException extends RuntimeException {
    private final int code;
    private final String reason;
    private final Map<String, Object> details;

    public ApiException(int code, String reason, String message, Map<String, Object> details) {
        super(message);
        this.code = code;
        this.reason = reason;
        this.details = details;
    }

    public static ApiException notFound(ApiResources.Type t, String name) {
        return new ApiException(404, "NotFound", t.qualified() + " \"" + name + "\" not found",
                Json.obj("name", name, "group", t.group().isEmpty() ? null : t.group(), "kind", t.plural()));
    }

    public static ApiException alreadyExists(ApiResources.Type t, String name) {
        return new ApiException(409, "AlreadyExists", t.qualified() + " \"" + name + "\" already exists",
                Json.obj("name", name, "group", t.group().isEmpty() ? null : t.group(), "kind", t.plural()));
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "BadRequest", message, null);
    }

    public static ApiException unauthorized() {
        return new ApiException(401, "Unauthorized", "Unauthorized", null);
    }

    public int code() {
        return code;
    }

    /** The Status object. */
    public Map<String, Object> status() {
        return Json.obj("kind", "Status", "apiVersion", "v1", "metadata", Json.obj(), "status", "Failure",
                "message", getMessage(), "reason", reason, "details", details, "code", code);
    }
}
