package io.kopsauth.token;

import io.kopsauth.json.Json;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The client-go exec plugin output (reference/authenticator.md §2.2): one line of JSON, keys in the order
 * kind, apiVersion, spec, status, with the apiVersion kubectl asked for in {@code KUBERNETES_EXEC_INFO}.
 */
public final class ExecCredential {
    public static final String DEFAULT_API_VERSION = "client.authentication.k8s.io/v1beta1";
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private ExecCredential() {}

    /**
     * The apiVersion to answer with: the one in {@code KUBERNETES_EXEC_INFO} when it is set and parses (empty if
     * that JSON has none, as the authenticator does), else v1beta1.
     */
    public static String apiVersion(String execInfo) {
        if (execInfo == null || execInfo.isBlank()) return DEFAULT_API_VERSION;
        try {
            Object v = Json.parseObject(execInfo).get("apiVersion");
            return v instanceof String s ? s : "";
        } catch (RuntimeException e) {
            return DEFAULT_API_VERSION;
        }
    }

    /** The ExecCredential line, without the trailing newline. */
    public static String json(Token token, String apiVersion) {
        return Json.write(Json.obj(
                "kind", "ExecCredential",
                "apiVersion", apiVersion,
                "spec", Json.obj("interactive", false),
                "status", Json.obj("expirationTimestamp", RFC3339.format(token.expiration()), "token", token.value())));
    }
}
