package io.kopsauth.sandbox.aws;

import io.kopsauth.sigv4.SigV4;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP request as the emulator sees it: method, raw path and query exactly as sent (signatures are computed
 * over them), headers with lower-case names, and the body (already de-chunked at the HTTP level).
 */
final class AwsRequest {
    private final String method;
    private final String rawPath;
    private final String rawQuery;
    private final Map<String, List<String>> headers;
    private byte[] body;
    private final List<Map.Entry<String, String>> query;

    AwsRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        this.method = method;
        this.rawPath = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        this.rawQuery = rawQuery == null ? "" : rawQuery;
        TreeMap<String, List<String>> h = new TreeMap<>();
        headers.forEach((k, v) -> h.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new ArrayList<>()).addAll(v));
        this.headers = Collections.unmodifiableMap(h);
        this.body = body == null ? new byte[0] : body;
        this.query = parsePairs(this.rawQuery, false);
    }

    String method() {
        return method;
    }

    String rawPath() {
        return rawPath;
    }

    String rawQuery() {
        return rawQuery;
    }

    /** The decoded path. */
    String path() {
        return SigV4.uriDecode(rawPath);
    }

    Map<String, List<String>> headers() {
        return headers;
    }

    /** A header's values joined by ',' (as SigV4 canonicalises them), or null. */
    String header(String name) {
        List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
        return v == null || v.isEmpty() ? null : String.join(",", v);
    }

    byte[] body() {
        return body;
    }

    void body(byte[] decoded) {
        this.body = decoded;
    }

    /** Decoded query parameters in order (a parameter without '=' has the value ""). */
    List<Map.Entry<String, String>> query() {
        return query;
    }

    String queryParam(String name) {
        for (Map.Entry<String, String> e : query) if (e.getKey().equals(name)) return e.getValue();
        return null;
    }

    boolean hasQueryParam(String name) {
        for (Map.Entry<String, String> e : query) if (e.getKey().equals(name)) return true;
        return false;
    }

    /** The query/XML protocols' parameters: the query string, plus a form-encoded body for POST. */
    Map<String, String> formParams() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : query) m.put(e.getKey(), e.getValue());
        String ct = header("content-type");
        if ("POST".equals(method) && body.length > 0 && (ct == null || ct.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded"))) {
            for (Map.Entry<String, String> e : parsePairs(new String(body, StandardCharsets.UTF_8), true)) m.put(e.getKey(), e.getValue());
        }
        return m;
    }

    static List<Map.Entry<String, String>> parsePairs(String s, boolean plusIsSpace) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        if (s == null || s.isEmpty()) return out;
        for (String part : s.split("&")) {
            if (part.isEmpty()) continue;
            int eq = part.indexOf('=');
            String k = eq < 0 ? part : part.substring(0, eq);
            String v = eq < 0 ? "" : part.substring(eq + 1);
            if (plusIsSpace) {
                k = k.replace('+', ' ');
                v = v.replace('+', ' ');
            }
            out.add(new AbstractMap.SimpleImmutableEntry<>(SigV4.uriDecode(k), SigV4.uriDecode(v)));
        }
        return out;
    }
}
