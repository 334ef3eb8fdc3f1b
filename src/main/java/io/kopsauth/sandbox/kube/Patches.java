package io.kopsauth.sandbox.kube;

import io.kopsauth.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Patch and selector semantics the API simulator needs: JSON merge patch, strategic merge (as merge), apply, selectors. */
public final class Patches {
    private Patches() {}

    /** A deep copy of a JSON-like value. */
    @SuppressWarnings("unchecked")
    public static <T> T copy(T value) {
        return (T) Json.parse(Json.write(value));
    }

    /**
     * RFC 7386 merge patch; with {@code strategic}, the strategic-merge directives ({@code $patch},
     * {@code $setElementOrder/...}, {@code $retainKeys}, {@code $deleteFromPrimitiveList/...}) are dropped and lists
     * replaced, which is what strategic merge does for the fields of the objects kubectl applies here.
     */
    @SuppressWarnings("unchecked")
    public static Object mergePatch(Object target, Object patch, boolean strategic) {
        if (!(patch instanceof Map)) return copy(patch);
        Map<String, Object> p = (Map<String, Object>) patch;
        Map<String, Object> out = target instanceof Map ? new LinkedHashMap<>((Map<String, Object>) target) : new LinkedHashMap<>();
        for (var e : p.entrySet()) {
            String k = e.getKey();
            if (strategic && k.startsWith("$")) continue;
            if (e.getValue() == null) out.remove(k);
            else out.put(k, mergePatch(out.get(k), e.getValue(), strategic));
        }
        return out;
    }

    /** Server-side apply, simplified: the applied fields are set (maps merged, everything else replaced). */
    @SuppressWarnings("unchecked")
    public static Object apply(Object target, Object applied) {
        if (!(applied instanceof Map) || !(target instanceof Map)) return copy(applied);
        Map<String, Object> out = new LinkedHashMap<>((Map<String, Object>) target);
        ((Map<String, Object>) applied).forEach((k, v) -> out.put(k, v == null ? null : apply(out.get(k), v)));
        return out;
    }

    /** Whether an object's labels satisfy a label selector ("a=b,c!=d,e,!f,g in (h,i),j notin (k)"). */
    public static boolean labelsMatch(Map<String, Object> labels, String selector) {
        if (selector == null || selector.isBlank()) return true;
        for (String req : splitTop(selector)) {
            String r = req.trim();
            if (r.isEmpty()) continue;
            if (r.contains(" notin ") || r.contains(" in ")) {
                boolean notIn = r.contains(" notin ");
                String[] kv = r.split(notIn ? " notin " : " in ", 2);
                String k = kv[0].trim();
                String set = kv[1].trim().replaceAll("^\\(|\\)$", "");
                List<String> vals = new ArrayList<>();
                for (String v : set.split(",")) vals.add(v.trim());
                boolean in = labels.containsKey(k) && vals.contains(String.valueOf(labels.get(k)));
                if (notIn == in) return false;
            } else if (r.contains("!=")) {
                String[] kv = r.split("!=", 2);
                if (kv[1].trim().equals(String.valueOf(labels.get(kv[0].trim())))) return false;
            } else if (r.contains("=")) {
                String[] kv = r.split("==?", 2);
                if (!labels.containsKey(kv[0].trim()) || !kv[1].trim().equals(String.valueOf(labels.get(kv[0].trim())))) return false;
            } else if (r.startsWith("!")) {
                if (labels.containsKey(r.substring(1).trim())) return false;
            } else if (!labels.containsKey(r)) {
                return false;
            }
        }
        return true;
    }

    private static List<String> splitTop(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (c == ',' && depth == 0) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }

    /** Whether an object satisfies a field selector ("metadata.name=x,involvedObject.uid=y", {@code !=} too). */
    public static boolean fieldsMatch(Map<String, Object> obj, String selector) {
        if (selector == null || selector.isBlank()) return true;
        for (String req : selector.split(",")) {
            boolean neg = req.contains("!=");
            String[] kv = req.split(neg ? "!=" : "==?", 2);
            if (kv.length != 2) continue;
            Object v = obj;
            for (String part : kv[0].trim().split("\\.")) v = v instanceof Map<?, ?> m ? m.get(part) : null;
            boolean eq = kv[1].trim().equals(v == null ? "" : String.valueOf(v));
            if (eq == neg) return false;
        }
        return true;
    }
}
