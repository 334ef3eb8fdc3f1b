package io.kopsauth.sandbox.kube;

import static io.kopsauth.sandbox.kube.SimCluster.list;
import static io.kopsauth.sandbox.kube.SimCluster.map;

import io.kopsauth.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Server-side printing: the {@code meta.k8s.io/v1} Table objects {@code kubectl get} asks for, with the usual columns. */
public final class Tables {
    private Tables() {}

    private record Col(String name, String type, int priority) {}

    /** A Table of {@code items} of {@code type}, ages relative to {@code now}. */
    public static Map<String, Object> table(ApiResources.Type type, List<Map<String, Object>> items, String resourceVersion, Instant now) {
        List<Col> cols = columns(type.plural());
        List<Object> defs = new ArrayList<>();
        for (Col c : cols) {
            defs.add(Json.obj("name", c.name, "type", c.type, "format", c.name.equals("Name") ? "name" : "",
                    "description", c.name, "priority", c.priority));
        }
        List<Object> rows = new ArrayList<>();
        for (Map<String, Object> o : items) {
            Map<String, Object> meta = map(o.get("metadata"));
            rows.add(Json.obj("cells", cells(type.plural(), o, now), "object", Json.obj("kind", "PartialObjectMetadata",
                    "apiVersion", "meta.k8s.io/v1", "metadata", meta)));
        }
        return Json.obj("kind", "Table", "apiVersion", "meta.k8s.io/v1", "metadata", Json.obj("resourceVersion", resourceVersion),
                "columnDefinitions", defs, "rows", rows);
    }

    private static List<Col> columns(String plural) {
        return switch (plural) {
            case "nodes" -> List.of(new Col("Name", "string", 0), new Col("Status", "string", 0), new Col("Roles", "string", 0),
                    new Col("Age", "string", 0), new Col("Version", "string", 0), new Col("Internal-IP", "string", 1),
                    new Col("External-IP", "string", 1), new Col("OS-Image", "string", 1), new Col("Kernel-Version", "string", 1),
                    new Col("Container-Runtime", "string", 1));
            case "pods" -> List.of(new Col("Name", "string", 0), new Col("Ready", "string", 0), new Col("Status", "string", 0),
                    new Col("Restarts", "string", 0), new Col("Age", "string", 0), new Col("IP", "string", 1),
                    new Col("Node", "string", 1), new Col("Nominated Node", "string", 1), new Col("Readiness Gates", "string", 1));
            case "configmaps" -> List.of(new Col("Name", "string", 0), new Col("Data", "integer", 0), new Col("Age", "string", 0));
            case "secrets" -> List.of(new Col("Name", "string", 0), new Col("Type", "string", 0), new Col("Data", "integer", 0),
                    new Col("Age", "string", 0));
            case "namespaces" -> List.of(new Col("Name", "string", 0), new Col("Status", "string", 0), new Col("Age", "string", 0));
            case "daemonsets" -> List.of(new Col("Name", "string", 0), new Col("Desired", "integer", 0), new Col("Current", "integer", 0),
                    new Col("Ready", "integer", 0), new Col("Up-to-date", "integer", 0), new Col("Available", "integer", 0),
                    new Col("Node Selector", "string", 0), new Col("Age", "string", 0), new Col("Containers", "string", 1),
                    new Col("Images", "string", 1), new Col("Selector", "string", 1));
            case "events" -> List.of(new Col("Last Seen", "string", 0), new Col("Type", "string", 0), new Col("Reason", "string", 0),
                    new Col("Object", "string", 0), new Col("Message", "string", 0));
            default -> List.of(new Col("Name", "string", 0), new Col("Age", "string", 0));
        };
    }

    private static List<Object> cells(String plural, Map<String, Object> o, Instant now) {
        Map<String, Object> meta = map(o.get("metadata"));
        Map<String, Object> spec = map(o.get("spec"));
        Map<String, Object> status = map(o.get("status"));
        String name = String.valueOf(meta.get("name"));
        String age = age(meta.get("creationTimestamp"), now);
        return switch (plural) {
            case "nodes" -> {
                String ready = "Unknown";
                for (Object c : list(status.get("conditions"))) {
                    if ("Ready".equals(map(c).get("type"))) ready = "True".equals(map(c).get("status")) ? "Ready" : "NotReady";
                }
                TreeSet<String> roles = new TreeSet<>();
                for (String l : map(meta.get("labels")).keySet()) {
                    if (l.startsWith("node-role.kubernetes.io/")) roles.add(l.substring("node-role.kubernetes.io/".length()));
                }
                String ip = "<none>";
                for (Object a : list(status.get("addresses"))) if ("InternalIP".equals(map(a).get("type"))) ip = String.valueOf(map(a).get("address"));
                Map<String, Object> info = map(status.get("nodeInfo"));
                yield List.of(name, ready, roles.isEmpty() ? "<none>" : String.join(",", roles), age, str(info.get("kubeletVersion")),
                        ip, "<none>", str(info.get("osImage")), str(info.get("kernelVersion")), str(info.get("containerRuntimeVersion")));
            }
            case "pods" -> {
                List<Object> cs = list(status.get("containerStatuses"));
                int total = list(spec.get("containers")).size();
                int ready = 0;
                int restarts = 0;
                String reason = str(status.get("phase"));
                for (Object c : cs) {
                    if (Boolean.TRUE.equals(map(c).get("ready"))) ready++;
                    if (map(c).get("restartCount") instanceof Number n) restarts += n.intValue();
                    Object waiting = map(map(c).get("state")).get("waiting");
                    if (waiting != null && map(waiting).get("reason") != null) reason = str(map(waiting).get("reason"));
                }
                yield List.of(name, ready + "/" + total, reason, restarts, age, str(status.getOrDefault("podIP", "<none>")),
                        str(spec.getOrDefault("nodeName", "<none>")), "<none>", "<none>");
            }
            case "configmaps" -> List.of(name, map(o.get("data")).size() + map(o.get("binaryData")).size(), age);
            case "secrets" -> List.of(name, str(o.getOrDefault("type", "Opaque")), map(o.get("data")).size(), age);
            case "namespaces" -> List.of(name, str(status.getOrDefault("phase", "Active")), age);
            case "daemonsets" -> {
                Map<String, Object> tpl = map(map(spec.get("template")).get("spec"));
                Map<String, Object> sel = map(tpl.get("nodeSelector"));
                List<String> pairs = new ArrayList<>();
                sel.forEach((k, v) -> pairs.add(k + "=" + v));
                List<String> cn = new ArrayList<>();
                List<String> img = new ArrayList<>();
                for (Object c : list(tpl.get("containers"))) {
                    cn.add(str(map(c).get("name")));
                    img.add(str(map(c).get("image")));
                }
                List<String> ml = new ArrayList<>();
                map(map(spec.get("selector")).get("matchLabels")).forEach((k, v) -> ml.add(k + "=" + v));
                yield List.of(name, num(status.get("desiredNumberScheduled")), num(status.get("currentNumberScheduled")),
                        num(status.get("numberReady")), num(status.get("updatedNumberScheduled")), num(status.get("numberAvailable")),
                        pairs.isEmpty() ? "<none>" : String.join(",", pairs), age, String.join(",", cn), String.join(",", img), String.join(",", ml));
            }
            case "events" -> {
                Map<String, Object> inv = map(o.get("involvedObject"));
                yield List.of(age(o.get("lastTimestamp"), now), str(o.get("type")), str(o.get("reason")),
                        str(inv.get("kind")).toLowerCase() + "/" + str(inv.get("name")), str(o.get("message")));
            }
            default -> List.of(name, age);
        };
    }

    private static String str(Object o) {
        return o == null ? "" : String.valueOf(o);
    }

    private static long num(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    /** Kubernetes' short human duration ("5s", "3m", "2d"). */
    public static String age(Object timestamp, Instant now) {
        if (timestamp == null) return "<unknown>";
        Duration d = Duration.between(Instant.parse(String.valueOf(timestamp)), now);
        long s = Math.max(0, d.getSeconds());
        if (s < 120) return s + "s";
        long m = s / 60;
        if (m < 10) return m + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
        if (m < 180) return m + "m";
        long h = m / 60;
        if (h < 8) return h + "h" + (m % 60 == 0 ? "" : (m % 60) + "m");
        if (h < 48) return h + "h";
        long days = h / 24;
        if (days < 8) return days + "d" + (h % 24 == 0 ? "" : (h % 24) + "h");
        return days + "d";
    }
}
