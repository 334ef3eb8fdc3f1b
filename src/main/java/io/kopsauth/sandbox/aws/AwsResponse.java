package io.kopsauth.sandbox.aws;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP answer of the emulator: status, headers, body (null body = no body at all, as for HEAD). */
record AwsResponse(int status, Map<String, String> headers, byte[] body) {

    static AwsResponse xml(int status, String xml) {
        return of(status, "text/xml", xml);
    }

    static AwsResponse of(int status, String contentType, String text) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", contentType);
        return new AwsResponse(status, h, text.getBytes(StandardCharsets.UTF_8));
    }

    static AwsResponse empty(int status) {
        return new AwsResponse(status, new LinkedHashMap<>(), new byte[0]);
    }

    AwsResponse header(String name, String value) {
        if (value != null) headers.put(name, value);
        return this;
    }

    String text() {
        return body == null ? "" : new String(body, StandardCharsets.UTF_8);
    }
}
