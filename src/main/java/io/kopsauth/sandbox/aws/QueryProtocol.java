package io.kopsauth.sandbox.aws;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The AWS query protocol (IAM, STS): form parameters in ({@code Tags.member.1.Key}), XML out in the service's
 * namespace with a ResponseMetadata/RequestId, and {@code <ErrorResponse>} errors.
 */
final class QueryProtocol {
    private QueryProtocol() {}

    static AwsResponse ok(String namespace, String action, Consumer<Xml> result) {
        String rid = Ids.requestId();
        Xml x = new Xml().start(action + "Response", namespace);
        if (result != null) {
            x.start(action + "Result");
            result.accept(x);
            x.end();
        }
        x.start("ResponseMetadata").elem("RequestId", rid).end();
        x.end();
        return AwsResponse.xml(200, x.toString()).header("x-amzn-RequestId", rid);
    }

    static AwsResponse error(String namespace, AwsException e) {
        String rid = Ids.requestId();
        Xml x = new Xml().start("ErrorResponse", namespace)
                .start("Error").elem("Type", e.sender() ? "Sender" : "Receiver").elem("Code", e.code())
                .elem("Message", e.getMessage()).end()
                .elem("RequestId", rid).end();
        AwsResponse r = AwsResponse.xml(e.status(), x.toString()).header("x-amzn-RequestId", rid);
        e.headers().forEach(r::header);
        return r;
    }

    static String required(Map<String, String> p, String name) {
        String v = p.get(name);
        if (v == null) {
            throw AwsException.validation("1 validation error detected: Value null at '" + lowerFirst(name)
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return v;
    }

    static String lowerFirst(String s) {
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    /** The values of a member list: {@code Name.member.1}, {@code Name.member.2}, … */
    static List<String> memberList(Map<String, String> p, String name) {
        List<String> out = new ArrayList<>();
        for (int i = 1; p.containsKey(name + ".member." + i); i++) out.add(p.get(name + ".member." + i));
        return out;
    }

    /** A list of Key/Value structures: {@code Tags.member.N.Key} / {@code .Value}. */
    static Map<String, String> tagList(Map<String, String> p, String name) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 1; p.containsKey(name + ".member." + i + ".Key"); i++) {
            String v = p.get(name + ".member." + i + ".Value");
            out.put(p.get(name + ".member." + i + ".Key"), v == null ? "" : v);
        }
        return out;
    }

    /** One page of a list with IAM's Marker / MaxItems paging. */
    record Page<T>(List<T> items, String nextMarker) {
        boolean truncated() {
            return nextMarker != null;
        }

        void writeTail(Xml x) {
            x.elem("IsTruncated", truncated());
            x.elem("Marker", nextMarker);
        }
    }

    static <T> Page<T> page(List<T> all, Map<String, String> p, int defaultMax) {
        int max = defaultMax;
        if (p.get("MaxItems") != null) {
            try {
                max = Integer.parseInt(p.get("MaxItems"));
            } catch (NumberFormatException e) {
                max = -1;
            }
            if (max < 1 || max > 1000) {
                throw AwsException.validation("1 validation error detected: Value '" + p.get("MaxItems")
                        + "' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000");
            }
        }
        int start = 0;
        String marker = p.get("Marker");
        if (marker != null) {
            try {
                start = Integer.parseInt(new String(java.util.Base64.getDecoder().decode(marker)));
            } catch (RuntimeException e) {
                throw AwsException.invalidInput("Invalid Marker.");
            }
        }
        int end = Math.min(all.size(), start + max);
        String next = end < all.size()
                ? java.util.Base64.getEncoder().encodeToString(String.valueOf(end).getBytes()) : null;
        return new Page<>(new ArrayList<>(all.subList(Math.min(start, all.size()), end)), next);
    }
}
