package io.kopsauth.sandbox.kops;

import io.kopsauth.json.Json;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One attempt of {@code kops validate cluster} (pkg/validation/validate_cluster.go): list nodes and pods over HTTPS with
 * the state store's admin credentials and report instance groups short of nodes, nodes not ready, and pending or
 * unready system-critical pods, in kops' failure kinds and messages.
 */
final class ClusterValidation {
    /** The API could not be listed (kops: "unexpected error during validation"). */
    static final class ApiUnavailable extends Exception {
        ApiUnavailable(String message) {
            super(message);
        }
    }

    /** The result of one attempt. */
    record Result(List<Map<String, Object>> failures, List<Map<String, Object>> nodes, List<Map<String, Object>> igs) {
        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            if (!failures.isEmpty()) m.put("failures", failures);
            if (!nodes.isEmpty()) m.put("nodes", nodes);
            return m;
        }

        String table(String name) {
            StringBuilder sb = new StringBuilder("Validating cluster " + name + "\n\n");
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("NAME", "ROLE", "MACHINETYPE", "MIN", "MAX", "SUBNETS"));
            for (Map<String, Object> ig : igs) {
                Map<String, Object> s = ClusterSpecs.map(ig.get("spec"));
                List<String> subnets = new ArrayList<>();
                for (Object o : ClusterSpecs.list(s.get("subnets"))) subnets.add(String.valueOf(o));
                rows.add(List.of(String.valueOf(ClusterSpecs.map(ig.get("metadata")).get("name")), internalRole(s.get("role")),
                        String.valueOf(s.get("machineType")), String.valueOf(s.get("minSize")), String.valueOf(s.get("maxSize")),
                        String.join(",", subnets)));
            }
            sb.append("INSTANCE GROUPS\n").append(TabWriter.format(rows)).append("\nNODE STATUS\n");
            rows = new ArrayList<>();
            rows.add(List.of("NAME", "ROLE", "READY"));
            for (Map<String, Object> n : nodes) rows.add(List.of(String.valueOf(n.get("name")), String.valueOf(n.get("role")), String.valueOf(n.get("status"))));
            sb.append(TabWriter.format(rows));
            if (!failures.isEmpty()) {
                rows = new ArrayList<>();
                rows.add(List.of("KIND", "NAME", "MESSAGE"));
                for (Map<String, Object> f : failures) rows.add(List.of(String.valueOf(f.get("type")), String.valueOf(f.get("name")), String.valueOf(f.get("message"))));
                sb.append("\nVALIDATION ERRORS\n").append(TabWriter.format(rows));
            }
            return sb.toString();
        }
    }

    private final String name;
    private final List<Map<String, Object>> igs;

    ClusterValidation(String name, List<Map<String, Object>> igs) {
        this.name = name;
        this.igs = igs;
    }

    static String internalRole(Object v1alpha2Role) {
        return "Master".equals(v1alpha2Role) ? "ControlPlane" : String.valueOf(v1alpha2Role);
    }

    /** The instance group as kops' internal API renders it in a failure. */
    private Map<String, Object> internalIg(String igName) {
        for (Map<String, Object> ig : igs) {
            Map<String, Object> meta = ClusterSpecs.map(ig.get("metadata"));
            if (!igName.equals(meta.get("name"))) continue;
            Map<String, Object> spec = new LinkedHashMap<>(ClusterSpecs.map(ig.get("spec")));
            spec.put("role", internalRole(spec.get("role")));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("metadata", ClusterSpecs.sorted(meta));
            m.put("spec", ClusterSpecs.sorted(spec));
            return m;
        }
        return null;
    }

    private Map<String, Object> failure(String type, String n, String message, String ig) {
        Map<String, Object> f = Json.obj("type", type, "name", n, "message", message);
        Map<String, Object> g = ig == null ? null : internalIg(ig);
        if (g != null) f.put("instanceGroup", g);
        return f;
    }

    private static Map<String, Object> get(HttpClient client, SandboxCloud.ClusterInfo info, String path, String what) throws ApiUnavailable {
        HttpResponse<String> r;
        try {
            r = SandboxCloud.apiGet(client, info, path);
        } catch (IOException e) {
            throw new ApiUnavailable("error listing " + what + ": Get \"" + info.server() + path + "\": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiUnavailable("interrupted");
        }
        if (r.statusCode() != 200) {
            String msg;
            try {
                msg = String.valueOf(Json.parseObject(r.body()).get("message"));
            } catch (RuntimeException e) {
                msg = "HTTP " + r.statusCode();
            }
            throw new ApiUnavailable("error listing " + what + ": " + msg + " (get " + what + ")");
        }
        return Json.parseObject(r.body());
    }

    Result run(SandboxCloud.ClusterInfo info) throws ApiUnavailable {
        if (info == null) {
            throw new ApiUnavailable("error listing nodes: Get \"https://api." + name + "/api/v1/nodes\": dial tcp: lookup api." + name
                    + ": no such host");
        }
        HttpClient client = SandboxCloud.apiClient(info);
        Map<String, Object> nodeList = get(client, info, "/api/v1/nodes", "nodes");
        Map<String, Object> podList = get(client, info, "/api/v1/pods", "pods");
        List<Map<String, Object>> failures = new ArrayList<>();
        List<Map<String, Object>> nodes = new ArrayList<>();
        Map<String, String> nodeIg = new LinkedHashMap<>();
        Map<String, Integer> perIg = new LinkedHashMap<>();
        for (Object o : ClusterSpecs.list(nodeList.get("items"))) {
            Map<String, Object> n = ClusterSpecs.map(o);
            Map<String, Object> meta = ClusterSpecs.map(n.get("metadata"));
            Map<String, Object> labels = ClusterSpecs.map(meta.get("labels"));
            String nn = String.valueOf(meta.get("name"));
            String ig = String.valueOf(labels.get("kops.k8s.io/instancegroup"));
            nodeIg.put(nn, ig);
            perIg.merge(ig, 1, Integer::sum);
            String role = labels.containsKey("node-role.kubernetes.io/control-plane") ? "control-plane" : "node";
            String ready = "Unknown";
            for (Object c : ClusterSpecs.list(ClusterSpecs.map(n.get("status")).get("conditions"))) {
                if ("Ready".equals(ClusterSpecs.map(c).get("type"))) ready = String.valueOf(ClusterSpecs.map(c).get("status"));
            }
            nodes.add(Json.obj("name", nn, "zone", String.valueOf(labels.getOrDefault("topology.kubernetes.io/zone", "")), "role", role,
                    "hostname", String.valueOf(labels.getOrDefault("kubernetes.io/hostname", nn)), "status", ready));
            if (!ready.equals("True")) failures.add(failure("Node", nn, "node \"" + nn + "\" of role \"" + role + "\" is not ready", ig));
        }
        List<Map<String, Object>> igFailures = new ArrayList<>();
        for (Map<String, Object> ig : igs) {
            String igName = String.valueOf(ClusterSpecs.map(ig.get("metadata")).get("name"));
            Object min = ClusterSpecs.map(ig.get("spec")).get("minSize");
            int target = min instanceof Number num ? num.intValue() : 1;
            int have = perIg.getOrDefault(igName, 0);
            if (have < target) {
                igFailures.add(failure("InstanceGroup", igName, "InstanceGroup \"" + igName + "\" did not have enough nodes " + have + " vs " + target, igName));
            }
        }
        failures.addAll(0, igFailures);
        for (Object o : ClusterSpecs.list(podList.get("items"))) {
            Map<String, Object> p = ClusterSpecs.map(o);
            Map<String, Object> spec = ClusterSpecs.map(p.get("spec"));
            String pc = String.valueOf(spec.get("priorityClassName"));
            if (!pc.equals("system-cluster-critical") && !pc.equals("system-node-critical")) continue;
            Map<String, Object> meta = ClusterSpecs.map(p.get("metadata"));
            Map<String, Object> status = ClusterSpecs.map(p.get("status"));
            String pn = String.valueOf(meta.get("name"));
            String full = meta.get("namespace") + "/" + pn;
            String ig = nodeIg.get(String.valueOf(spec.get("nodeName")));
            String phase = String.valueOf(status.get("phase"));
            if (phase.equals("Pending")) {
                failures.add(failure("Pod", full, pc + " pod \"" + pn + "\" is pending", ig));
            } else if (phase.equals("Unknown")) {
                failures.add(failure("Pod", full, pc + " pod \"" + pn + "\" is unknown phase", ig));
            } else if (phase.equals("Running")) {
                List<String> notReady = new ArrayList<>();
                for (Object c : ClusterSpecs.list(status.get("containerStatuses"))) {
                    if (!Boolean.TRUE.equals(ClusterSpecs.map(c).get("ready"))) notReady.add(String.valueOf(ClusterSpecs.map(c).get("name")));
                }
                if (!notReady.isEmpty()) failures.add(failure("Pod", full, pc + " pod \"" + pn + "\" is not ready (" + String.join(",", notReady) + ")", ig));
            }
        }
        return new Result(failures, nodes, igs);
    }
}
