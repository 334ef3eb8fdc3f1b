package io.kopsauth.sandbox.kube;

import io.kopsauth.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the few protobuf request bodies kubectl sends for the review resources (it posts SelfSubjectReview and
 * SelfSubjectAccessReview as {@code application/vnd.kubernetes.protobuf}): the {@code k8s\0} envelope, then the
 * fields of the review's spec, as the JSON-shaped map the JSON path would have produced.
 */
public final class ProtoReviews {
    private ProtoReviews() {}

    private static final byte[] MAGIC = {'k', '8', 's', 0};

    /** The review object ({@code {"spec": {...}}}) in a protobuf body; unknown shapes give an empty spec. */
    public static Map<String, Object> review(byte[] body) {
        Map<String, Object> spec = new LinkedHashMap<>();
        if (body.length < 4 || body[0] != MAGIC[0] || body[1] != MAGIC[1] || body[2] != MAGIC[2] || body[3] != MAGIC[3]) {
            return Json.obj("spec", spec);
        }
        byte[] raw = field(body, 4, body.length, 2);
        if (raw == null) return Json.obj("spec", spec);
        byte[] s = field(raw, 0, raw.length, 2);
        if (s == null) return Json.obj("spec", spec);
        byte[] ra = field(s, 0, s.length, 1);
        if (ra != null) {
            String[] names = {null, "namespace", "verb", "group", "version", "resource", "subresource", "name"};
            Map<String, Object> m = new LinkedHashMap<>();
            for (int f = 1; f < names.length; f++) {
                byte[] v = field(ra, 0, ra.length, f);
                if (v != null) m.put(names[f], new String(v, StandardCharsets.UTF_8));
            }
            spec.put("resourceAttributes", m);
        }
        byte[] nra = field(s, 0, s.length, 2);
        if (nra != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            byte[] path = field(nra, 0, nra.length, 1);
            byte[] verb = field(nra, 0, nra.length, 2);
            if (path != null) m.put("path", new String(path, StandardCharsets.UTF_8));
            if (verb != null) m.put("verb", new String(verb, StandardCharsets.UTF_8));
            spec.put("nonResourceAttributes", m);
        }
        return Json.obj("spec", spec);
    }

    /** The bytes of the first length-delimited field {@code number} in {@code b[from, to)}, or null. */
    static byte[] field(byte[] b, int from, int to, int number) {
        int[] pos = {from};
        while (pos[0] < to) {
            long tag = varint(b, pos);
            int f = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            switch (wire) {
                case 0 -> varint(b, pos);
                case 1 -> pos[0] += 8;
                case 5 -> pos[0] += 4;
                case 2 -> {
                    int len = (int) varint(b, pos);
                    if (len < 0 || pos[0] + len > to) return null;
                    if (f == number) {
                        byte[] out = new byte[len];
                        System.arraycopy(b, pos[0], out, 0, len);
                        return out;
                    }
                    pos[0] += len;
                }
                default -> {
                    return null;
                }
            }
        }
        return null;
    }

    private static long varint(byte[] b, int[] pos) {
        long v = 0;
        int shift = 0;
        while (pos[0] < b.length) {
            byte x = b[pos[0]++];
            v |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) return v;
            shift += 7;
        }
        return v;
    }
}
