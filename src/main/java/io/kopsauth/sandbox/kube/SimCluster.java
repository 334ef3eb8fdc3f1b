package io.kopsauth.sandbox.kube;

import io.kopsauth.json.Json;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One simulated cluster: its kops spec, boot clock, object store, authenticator pods (with the ConfigMap each
 * snapshotted at start) and token-review log. Not thread-safe; {@link KubeWorld} synchronises on it.
 */
public final class SimCluster {
    static final String AUTH_NAME = "aws-iam-authenticator";
    static final String AUTH_LABEL = "k8s-app";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String POD_SUFFIX_CHARS = "bcdfghjklmnpqrstvwxz2456789";
    private static final int REVIEW_LOG_SIZE = 200;

    final String name;
    String configBase;
    Map<String, Object> cluster = Map.of();
    List<Map<String, Object>> instanceGroups = List.of();
    long bootStartMillis;
    long bootMillis;
    String adminToken;
    /** The loopback port of this cluster's own API server (0 until one is bound). */
    int apiPort;
    long resourceVersion;
    boolean apiUp;
    boolean booted;
    /** Objects by "plural|namespace|name" (namespace "" for cluster-scoped), sorted. */
    final TreeMap<String, Map<String, Object>> objects = new TreeMap<>();
    /** Authenticator pod name → what it loaded at start: {"modes":[..], "clusterID":.., "config": config.yaml or null}. */
    final Map<String, Map<String, Object>> podSnapshots = new LinkedHashMap<>();
    final Deque<Map<String, Object>> reviews = new ArrayDeque<>();

    SimCluster(String name) {
        this.name = name;
    }

    // ---- the spec -------------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o instanceof Map ? (Map<String, Object>) o : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return o instanceof List ? (List<Object>) o : List.of();
    }

    Map<String, Object> spec() {
        return map(cluster.get("spec"));
    }

    /** {@code spec.authentication.aws}, or null when the authenticator is off. */
    Map<String, Object> awsAuth() {
        Object o = map(spec().get("authentication")).get("aws");
        return o instanceof Map ? map(o) : null;
    }

    /** The backend modes in order; empty backendMode means MountedFile. */
    List<String> backendModes() {
        Map<String, Object> aws = awsAuth();
        String m = aws == null || aws.get("backendMode") == null ? "" : String.valueOf(aws.get("backendMode"));
        List<String> out = new ArrayList<>();
        for (String s : m.split(",")) if (!s.isBlank()) out.add(s.trim());
        if (out.isEmpty()) out.add("MountedFile");
        return out;
    }

    boolean mountedFile() {
        return backendModes().stream().anyMatch(m -> m.equals("MountedFile") || m.equals("File"));
    }

    /** The {@code --cluster-id} kops renders, or null (MountedFile without clusterID: the ConfigMap's). */
    String clusterIdFlag() {
        Map<String, Object> aws = awsAuth();
        if (aws == null) return null;
        Object id = aws.get("clusterID");
        if (id != null && !String.valueOf(id).isEmpty()) return String.valueOf(id);
        boolean modeSet = aws.get("backendMode") != null && !String.valueOf(aws.get("backendMode")).isEmpty();
        return modeSet && !mountedFile() ? name : null;
    }

    String kubernetesVersion() {
        Object v = spec().get("kubernetesVersion");
        String s = v == null ? "v1.36.0" : String.valueOf(v);
        return s.startsWith("v") ? s : "v" + s;
    }

    // ---- the boot clock -----------------------------------------------------------------------------------------

    double progress(long nowMillis) {
        if (bootMillis <= 0) return 1.0;
        return (nowMillis - bootStartMillis) / (double) bootMillis;
    }

    String phase(long nowMillis) {
        double p = progress(nowMillis);
        return p >= 1.0 ? "Running" : p >= 0.4 ? "Booting (API up)" : "Booting";
    }

    /** Advances the world to {@code now}: the API comes up at 40%, nodes become Ready at 100%, the DaemonSet runs its pod. */
    void tick(long nowMillis) {
        double p = progress(nowMillis);
        if (p >= 0.4 && !apiUp) {
            apiUp = true;
            seed(nowMillis);
        }
        if (apiUp) syncNodes(nowMillis);
        if (p >= 1.0 && !booted) {
            booted = true;
            for (Map<String, Object> n : list("nodes", null)) setNodeReady(n, true, nowMillis);
        }
        if (booted && awsAuth() != null && list("pods", "kube-system").stream().noneMatch(SimCluster::isAuthPod)) {
            createAuthPod(nowMillis);
        }
    }

    /** Re-applies a spec (kops update --yes): addon objects follow it; the running pod keeps what it loaded. */
    void applySpec(Map<String, Object> newCluster, List<Map<String, Object>> igs, long nowMillis) {
        this.cluster = newCluster;
        this.instanceGroups = igs;
        if (apiUp) {
            syncNodes(nowMillis);
            syncAddon(nowMillis);
        }
    }

    private void seed(long now) {
        for (String ns : List.of("default", "kube-system", "kube-public", "kube-node-lease")) {
            putNew("namespaces", "", ns, Json.obj("apiVersion", "v1", "kind", "Namespace",
                    "metadata", Json.obj("name", ns, "labels", Json.obj("kubernetes.io/metadata.name", ns)),
                    "spec", Json.obj("finalizers", List.of("kubernetes")), "status", Json.obj("phase", "Active")), now);
        }
        syncAddon(now);
    }

    /** What the channels addon manager would apply: the authentication.aws addon (CRD, DaemonSet, mappings). */
    private void syncAddon(long now) {
        Map<String, Object> aws = awsAuth();
        if (aws == null) {
            objects.remove(key("daemonsets", "kube-system", AUTH_NAME));
            return;
        }
        String crdName = "iamidentitymappings.iamauthenticator.k8s.aws";
        if (get("customresourcedefinitions", "", crdName) == null) putNew("customresourcedefinitions", "", crdName, crd(), now);
        Map<String, Object> ds = daemonSet();
        Map<String, Object> old = get("daemonsets", "kube-system", AUTH_NAME);
        if (old == null) putNew("daemonsets", "kube-system", AUTH_NAME, ds, now);
        else {
            old.put("spec", ds.get("spec"));
            bump(old);
        }
        if (backendModes().contains("CRD")) {
            List<Object> mappings = list(aws.get("identityMappings"));
            for (int i = 0; i < mappings.size(); i++) {
                Map<String, Object> m = map(mappings.get(i));
                String n = "iam-identity-mapping-" + i;
                Map<String, Object> spec = Json.obj("arn", m.get("arn"), "username", m.get("username"), "groups", m.get("groups"));
                Map<String, Object> existing = get("iamidentitymappings", "", n);
                if (existing == null) {
                    putNew("iamidentitymappings", "", n, Json.obj("apiVersion", "iamauthenticator.k8s.aws/v1alpha1",
                            "kind", "IAMIdentityMapping", "metadata", Json.obj("name", n, "labels", addonLabels(true)), "spec", spec), now);
                } else if (!Objects.equals(existing.get("spec"), spec)) {
                    existing.put("spec", spec);
                    bump(existing);
                }
            }
        }
    }

    private static Map<String, Object> addonLabels(boolean app) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("addon.kops.k8s.io/name", "authentication.aws");
        l.put("app.kubernetes.io/managed-by", "kops");
        if (app) l.put(AUTH_LABEL, AUTH_NAME);
        l.put("role.kubernetes.io/authentication", "1");
        return l;
    }

    private Map<String, Object> crd() {
        Map<String, Object> props = Json.obj("arn", Json.obj("type", "string"), "username", Json.obj("type", "string"),
                "groups", Json.obj("type", "array", "items", Json.obj("type", "string")));
        Map<String, Object> schema = Json.obj("openAPIV3Schema", Json.obj("type", "object", "properties", Json.obj(
                "spec", Json.obj("type", "object", "required", List.of("arn", "username"), "properties", props),
                "status", Json.obj("type", "object", "properties", Json.obj("canonicalARN", Json.obj("type", "string"),
                        "userID", Json.obj("type", "string"))))));
        return Json.obj("apiVersion", "apiextensions.k8s.io/v1", "kind", "CustomResourceDefinition",
                "metadata", Json.obj("name", "iamidentitymappings.iamauthenticator.k8s.aws", "labels", addonLabels(false)),
                "spec", Json.obj("group", "iamauthenticator.k8s.aws", "scope", "Cluster",
                        "names", Json.obj("plural", "iamidentitymappings", "singular", "iamidentitymapping", "kind", "IAMIdentityMapping",
                                "categories", List.of("all")),
                        "versions", List.of(Json.obj("name", "v1alpha1", "served", true, "storage", true, "schema", schema,
                                "subresources", Json.obj("status", Json.obj())))),
                "status", Json.obj("acceptedNames", Json.obj("plural", "iamidentitymappings", "kind", "IAMIdentityMapping"),
                        "storedVersions", List.of("v1alpha1")));
    }

    /** The container args kops renders (kops-cli.md §1.5). */
    List<String> authArgs() {
        Map<String, Object> aws = awsAuth();
        List<String> a = new ArrayList<>(List.of("server"));
        if (mountedFile()) a.add("--config=/etc/aws-iam-authenticator/config.yaml");
        if (clusterIdFlag() != null) a.add("--cluster-id=" + clusterIdFlag());
        a.add("--state-dir=/var/aws-iam-authenticator");
        a.add("--kubeconfig-pregenerated=true");
        Object mode = aws == null ? null : aws.get("backendMode");
        if (mode != null && !String.valueOf(mode).isEmpty()) a.add("--backend-mode=" + mode);
        return a;
    }

    private String authImage() {
        Map<String, Object> aws = awsAuth();
        Object img = aws == null ? null : aws.get("image");
        return img != null ? String.valueOf(img)
                : "public.ecr.aws/eks-distro/kubernetes-sigs/aws-iam-authenticator:v0.6.20-eks-1-30-7";
    }

    private Map<String, Object> podTemplateSpec() {
        List<Object> volumes = new ArrayList<>();
        List<Object> mounts = new ArrayList<>();
        if (mountedFile()) {
            volumes.add(Json.obj("name", "config", "configMap", Json.obj("name", AUTH_NAME, "defaultMode", 420)));
            mounts.add(Json.obj("name", "config", "mountPath", "/etc/aws-iam-authenticator/"));
        }
        volumes.add(Json.obj("name", "output", "hostPath", Json.obj("path", "/srv/kubernetes/aws-iam-authenticator/", "type", "")));
        volumes.add(Json.obj("name", "state", "hostPath", Json.obj("path", "/srv/kubernetes/aws-iam-authenticator/", "type", "")));
        mounts.add(Json.obj("name", "output", "mountPath", "/etc/kubernetes/aws-iam-authenticator/"));
        mounts.add(Json.obj("name", "state", "mountPath", "/var/aws-iam-authenticator/"));
        Map<String, Object> aws = awsAuth() == null ? Map.of() : awsAuth();
        Map<String, Object> requests = Json.obj("cpu", aws.getOrDefault("cpuRequest", "10m"), "memory", aws.getOrDefault("memoryRequest", "20Mi"));
        Map<String, Object> limits = Json.obj("memory", aws.getOrDefault("memoryLimit", "20Mi"), "cpu", aws.get("cpuLimit"));
        Map<String, Object> container = Json.obj("name", AUTH_NAME, "image", authImage(), "args", authArgs(),
                "resources", Json.obj("requests", requests, "limits", limits),
                "livenessProbe", Json.obj("httpGet", Json.obj("host", "127.0.0.1", "path", "/healthz", "port", 21362, "scheme", "HTTPS"),
                        "initialDelaySeconds", 10, "timeoutSeconds", 5),
                "volumeMounts", mounts, "imagePullPolicy", "IfNotPresent");
        return Json.obj("hostNetwork", true, "nodeSelector", Json.obj("node-role.kubernetes.io/control-plane", ""),
                "priorityClassName", "system-node-critical", "serviceAccountName", AUTH_NAME,
                "securityContext", Json.obj("runAsUser", 10000, "fsGroup", 10000),
                "tolerations", List.of(Json.obj("effect", "NoSchedule", "key", "node-role.kubernetes.io/control-plane"),
                        Json.obj("key", "CriticalAddonsOnly", "operator", "Exists")),
                "containers", List.of(container), "volumes", volumes);
    }

    private Map<String, Object> daemonSet() {
        Map<String, Object> sel = Json.obj("matchLabels", Json.obj(AUTH_LABEL, AUTH_NAME));
        return Json.obj("apiVersion", "apps/v1", "kind", "DaemonSet",
                "metadata", Json.obj("name", AUTH_NAME, "namespace", "kube-system", "labels", addonLabels(true)),
                "spec", Json.obj("selector", sel, "updateStrategy", Json.obj("type", "RollingUpdate"),
                        "template", Json.obj("metadata", Json.obj("labels", Json.obj(AUTH_LABEL, AUTH_NAME)), "spec", podTemplateSpec())),
                "status", Json.obj());
    }

    static boolean isAuthPod(Map<String, Object> pod) {
        return AUTH_NAME.equals(map(map(pod.get("metadata")).get("labels")).get(AUTH_LABEL));
    }

    private String controlPlaneNode() {
        for (Map<String, Object> n : list("nodes", null)) {
            if (map(map(n.get("metadata")).get("labels")).containsKey("node-role.kubernetes.io/control-plane")) {
                return String.valueOf(map(n.get("metadata")).get("name"));
            }
        }
        return null;
    }

    private void createAuthPod(long now) {
        StringBuilder sfx = new StringBuilder();
        for (int i = 0; i < 5; i++) sfx.append(POD_SUFFIX_CHARS.charAt(RANDOM.nextInt(POD_SUFFIX_CHARS.length())));
        String podName = AUTH_NAME + "-" + sfx;
        Map<String, Object> cm = get("configmaps", "kube-system", AUTH_NAME);
        boolean running = !mountedFile() || cm != null;
        String config = cm == null ? null : (String) map(cm.get("data")).get("config.yaml");
        String ts = iso(now);
        Map<String, Object> ds = get("daemonsets", "kube-system", AUTH_NAME);
        Map<String, Object> owner = Json.obj("apiVersion", "apps/v1", "kind", "DaemonSet", "name", AUTH_NAME,
                "uid", ds == null ? "" : map(ds.get("metadata")).get("uid"), "controller", true, "blockOwnerDeletion", true);
        Map<String, Object> spec = podTemplateSpec();
        String node = controlPlaneNode();
        spec.put("nodeName", node);
        Map<String, Object> containerStatus = Json.obj("name", AUTH_NAME, "image", authImage(), "imageID", running ? "sha256:" + "0".repeat(64) : "",
                "ready", running, "restartCount", 0, "started", running,
                "state", running ? Json.obj("running", Json.obj("startedAt", ts)) : Json.obj("waiting", Json.obj("reason", "ContainerCreating")));
        String hostIp = nodeIp(node);
        Map<String, Object> status = Json.obj("phase", running ? "Running" : "Pending",
                "conditions", List.of(
                        Json.obj("type", "Initialized", "status", "True", "lastTransitionTime", ts),
                        Json.obj("type", "Ready", "status", running ? "True" : "False", "lastTransitionTime", ts,
                                "reason", running ? null : "ContainersNotReady",
                                "message", running ? null : "containers with unready status: [" + AUTH_NAME + "]"),
                        Json.obj("type", "ContainersReady", "status", running ? "True" : "False", "lastTransitionTime", ts),
                        Json.obj("type", "PodScheduled", "status", "True", "lastTransitionTime", ts)),
                "hostIP", hostIp, "podIP", hostIp, "podIPs", List.of(Json.obj("ip", hostIp)), "startTime", ts,
                "qosClass", "Burstable", "containerStatuses", List.of(containerStatus));
        Map<String, Object> pod = Json.obj("apiVersion", "v1", "kind", "Pod",
                "metadata", Json.obj("name", podName, "generateName", AUTH_NAME + "-", "namespace", "kube-system",
                        "labels", Json.obj(AUTH_LABEL, AUTH_NAME, "pod-template-generation", "1"), "ownerReferences", List.of(owner)),
                "spec", spec, "status", status);
        putNew("pods", "kube-system", podName, pod, now);
        Map<String, Object> snap = new LinkedHashMap<>();
        snap.put("modes", backendModes());
        snap.put("clusterIDFlag", clusterIdFlag());
        snap.put("config", config);
        snap.put("running", running);
        podSnapshots.put(podName, snap);
        if (!running) {
            Map<String, Object> podMeta = map(pod.get("metadata"));
            String msg = "MountVolume.SetUp failed for volume \"config\" : configmap \"" + AUTH_NAME + "\" not found";
            putNew("events", "kube-system", podName + "." + Long.toHexString(now), Json.obj("apiVersion", "v1", "kind", "Event",
                    "metadata", Json.obj("name", podName + "." + Long.toHexString(now), "namespace", "kube-system"),
                    "involvedObject", Json.obj("kind", "Pod", "namespace", "kube-system", "name", podName, "uid", podMeta.get("uid"), "apiVersion", "v1"),
                    "reason", "FailedMount", "message", msg, "type", "Warning", "count", 1,
                    "firstTimestamp", ts, "lastTimestamp", ts, "source", Json.obj("component", "kubelet", "host", node)), now);
        }
        Map<String, Object> dsStatus = ds == null ? null : map(ds.get("status"));
        if (ds != null) {
            ds.put("status", Json.obj("currentNumberScheduled", 1, "desiredNumberScheduled", 1, "numberAvailable", running ? 1 : 0,
                    "numberMisscheduled", 0, "numberReady", running ? 1 : 0, "numberUnavailable", running ? 0 : 1,
                    "observedGeneration", 1, "updatedNumberScheduled", 1));
            Objects.requireNonNull(dsStatus);
        }
    }

    /** The running authenticator pod's snapshot, or null if no authenticator pod is running. */
    Map<String, Object> runningAuthenticator() {
        for (Map<String, Object> p : list("pods", "kube-system")) {
            if (!isAuthPod(p)) continue;
            Map<String, Object> snap = podSnapshots.get(String.valueOf(map(p.get("metadata")).get("name")));
            if (snap != null && Boolean.TRUE.equals(snap.get("running"))) return snap;
        }
        return null;
    }

    private void syncNodes(long now) {
        Map<String, Integer> want = new LinkedHashMap<>();
        Map<String, Map<String, Object>> igByName = new LinkedHashMap<>();
        for (Map<String, Object> ig : instanceGroups) {
            String n = String.valueOf(map(ig.get("metadata")).get("name"));
            Object min = map(ig.get("spec")).get("minSize");
            want.put(n, min instanceof Number num ? num.intValue() : 1);
            igByName.put(n, ig);
        }
        Map<String, List<Map<String, Object>>> have = new LinkedHashMap<>();
        for (Map<String, Object> node : list("nodes", null)) {
            String ig = String.valueOf(map(map(node.get("metadata")).get("labels")).get("kops.k8s.io/instancegroup"));
            have.computeIfAbsent(ig, k -> new ArrayList<>()).add(node);
        }
        for (var e : have.entrySet()) {
            int keep = want.getOrDefault(e.getKey(), 0);
            List<Map<String, Object>> nodes = e.getValue();
            for (int i = keep; i < nodes.size(); i++) {
                objects.remove(key("nodes", "", String.valueOf(map(nodes.get(i).get("metadata")).get("name"))));
            }
        }
        for (var e : want.entrySet()) {
            int has = have.getOrDefault(e.getKey(), List.of()).size();
            for (int i = has; i < e.getValue(); i++) {
                Map<String, Object> node = node(igByName.get(e.getKey()), i, now);
                putNew("nodes", "", String.valueOf(map(node.get("metadata")).get("name")), node, now);
            }
        }
    }

    private String instanceId(String ig, int index) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest((name + "/" + ig + "/" + index).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "i-0" + HexFormat.of().formatHex(d).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A node for the {@code index}-th instance of an instance group. Its EC2-style id is derived from the cluster,
     * group and index, so that kops and kubectl print the same names (and sort them the same way) on every run.
     */
    private Map<String, Object> node(Map<String, Object> ig, int index, long now) {
        Map<String, Object> igSpec = map(ig.get("spec"));
        String igName = String.valueOf(map(ig.get("metadata")).get("name"));
        String id = instanceId(igName, index);
        boolean cp = "Master".equals(igSpec.get("role")) || "ControlPlane".equals(igSpec.get("role"));
        String zone = list(igSpec.get("subnets")).isEmpty() ? "" : String.valueOf(list(igSpec.get("subnets")).get(0));
        String region = zone.isEmpty() ? "" : zone.substring(0, zone.length() - 1);
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("beta.kubernetes.io/arch", "amd64");
        labels.put("beta.kubernetes.io/instance-type", igSpec.getOrDefault("machineType", "t3.medium"));
        labels.put("beta.kubernetes.io/os", "linux");
        labels.put("kops.k8s.io/instancegroup", igName);
        labels.put("kubernetes.io/arch", "amd64");
        labels.put("kubernetes.io/hostname", id);
        labels.put("kubernetes.io/os", "linux");
        if (cp) {
            labels.put("node-role.kubernetes.io/control-plane", "");
            labels.put("node.kubernetes.io/exclude-from-external-load-balancers", "");
        } else {
            labels.put("node-role.kubernetes.io/node", "");
        }
        labels.put("node.kubernetes.io/instance-type", igSpec.getOrDefault("machineType", "t3.medium"));
        labels.put("topology.kubernetes.io/region", region);
        labels.put("topology.kubernetes.io/zone", zone);
        String ip = "172.20." + (RANDOM.nextInt(200) + 32) + "." + (RANDOM.nextInt(250) + 2);
        String ts = iso(now);
        Map<String, Object> status = Json.obj(
                "addresses", List.of(Json.obj("type", "InternalIP", "address", ip), Json.obj("type", "Hostname", "address", id),
                        Json.obj("type", "InternalDNS", "address", id)),
                "conditions", List.of(Json.obj("type", "Ready", "status", "False", "lastHeartbeatTime", ts, "lastTransitionTime", ts,
                        "reason", "KubeletNotReady", "message", "container runtime network not ready: NetworkReady=false")),
                "nodeInfo", Json.obj("architecture", "amd64", "containerRuntimeVersion", "containerd://1.7.28",
                        "kernelVersion", "6.8.0-1031-aws", "kubeProxyVersion", kubernetesVersion(), "kubeletVersion", kubernetesVersion(),
                        "operatingSystem", "linux", "osImage", "Ubuntu 24.04.2 LTS", "machineID", HexFormat.of().formatHex(randomBytes(16)),
                        "systemUUID", UUID.randomUUID().toString(), "bootID", UUID.randomUUID().toString()));
        Map<String, Object> spec = Json.obj("providerID", "aws:///" + zone + "/" + id, "podCIDR", "100.96." + RANDOM.nextInt(250) + ".0/24");
        if (cp) spec.put("taints", List.of(Json.obj("effect", "NoSchedule", "key", "node-role.kubernetes.io/control-plane")));
        Map<String, Object> node = Json.obj("apiVersion", "v1", "kind", "Node", "metadata", Json.obj("name", id, "labels", labels),
                "spec", spec, "status", status);
        if (booted) setNodeReady(node, true, now);
        return node;
    }

    private String nodeIp(String node) {
        Map<String, Object> n = node == null ? null : get("nodes", "", node);
        if (n == null) return "172.20.32.10";
        for (Object a : list(map(n.get("status")).get("addresses"))) {
            if ("InternalIP".equals(map(a).get("type"))) return String.valueOf(map(a).get("address"));
        }
        return "172.20.32.10";
    }

    private void setNodeReady(Map<String, Object> node, boolean ready, long now) {
        String ts = iso(now);
        Map<String, Object> status = map(node.get("status"));
        status.put("conditions", List.of(
                Json.obj("type", "MemoryPressure", "status", "False", "lastHeartbeatTime", ts, "lastTransitionTime", ts,
                        "reason", "KubeletHasSufficientMemory", "message", "kubelet has sufficient memory available"),
                Json.obj("type", "DiskPressure", "status", "False", "lastHeartbeatTime", ts, "lastTransitionTime", ts,
                        "reason", "KubeletHasNoDiskPressure", "message", "kubelet has no disk pressure"),
                Json.obj("type", "PIDPressure", "status", "False", "lastHeartbeatTime", ts, "lastTransitionTime", ts,
                        "reason", "KubeletHasSufficientPID", "message", "kubelet has sufficient PID available"),
                Json.obj("type", "Ready", "status", ready ? "True" : "False", "lastHeartbeatTime", ts, "lastTransitionTime", ts,
                        "reason", ready ? "KubeletReady" : "KubeletNotReady", "message", ready ? "kubelet is posting ready status" : "not ready")));
        bump(node);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    // ---- the object store ------------------------------------------------------------------------------------

    static String key(String plural, String ns, String name) {
        return plural + "|" + (ns == null ? "" : ns) + "|" + name;
    }

    static String iso(long millis) {
        return Instant.ofEpochMilli(millis).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    Map<String, Object> get(String plural, String ns, String name) {
        return objects.get(key(plural, ns, name));
    }

    /** Objects of a type, in one namespace or (ns null) all. */
    List<Map<String, Object>> list(String plural, String ns) {
        List<Map<String, Object>> out = new ArrayList<>();
        String prefix = plural + "|" + (ns == null ? "" : ns + "|");
        for (var e : objects.tailMap(prefix).entrySet()) {
            if (!e.getKey().startsWith(prefix)) break;
            if (ns == null && !e.getKey().startsWith(plural + "|")) break;
            out.add(e.getValue());
        }
        return out;
    }

    /** Stores a new object, filling in uid, resourceVersion, creationTimestamp. */
    Map<String, Object> putNew(String plural, String ns, String name, Map<String, Object> obj, long now) {
        Map<String, Object> meta = new LinkedHashMap<>(map(obj.get("metadata")));
        meta.put("name", name);
        if (ns != null && !ns.isEmpty()) meta.put("namespace", ns);
        meta.put("uid", UUID.randomUUID().toString());
        meta.put("resourceVersion", String.valueOf(++resourceVersion));
        meta.put("creationTimestamp", iso(now));
        if (obj.containsKey("spec") && !plural.equals("pods") && !plural.equals("nodes") && !plural.equals("namespaces")) {
            meta.putIfAbsent("generation", 1);
        }
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("apiVersion", obj.get("apiVersion"));
        stored.put("kind", obj.get("kind"));
        stored.put("metadata", meta);
        obj.forEach((k, v) -> { if (!k.equals("apiVersion") && !k.equals("kind") && !k.equals("metadata")) stored.put(k, v); });
        objects.put(key(plural, ns, name), stored);
        return stored;
    }

    void bump(Map<String, Object> obj) {
        map(obj.get("metadata")).put("resourceVersion", String.valueOf(++resourceVersion));
    }

    Map<String, Object> remove(String plural, String ns, String name) {
        Map<String, Object> o = objects.remove(key(plural, ns, name));
        if (o != null && plural.equals("pods")) podSnapshots.remove(name);
        return o;
    }

    // ---- review log -----------------------------------------------------------------------------------------

    void review(long now, boolean accepted, String who, String why) {
        reviews.addLast(Json.obj("time", iso(now), "result", accepted ? "accepted" : "denied", "user", who, "reason", why));
        while (reviews.size() > REVIEW_LOG_SIZE) reviews.removeFirst();
    }

    // ---- persistence ----------------------------------------------------------------------------------------

    Map<String, Object> toJson() {
        return Json.obj("name", name, "configBase", configBase, "cluster", cluster, "instanceGroups", instanceGroups,
                "bootStartMillis", bootStartMillis, "bootMillis", bootMillis, "adminToken", adminToken, "apiPort", apiPort,
                "resourceVersion", resourceVersion, "apiUp", apiUp, "booted", booted, "objects", new ArrayList<>(objects.entrySet().stream()
                        .map(e -> (Object) Json.obj("key", e.getKey(), "object", e.getValue())).toList()),
                "podSnapshots", podSnapshots, "reviews", new ArrayList<>(reviews));
    }

    @SuppressWarnings("unchecked")
    static SimCluster fromJson(Map<String, Object> j) {
        SimCluster c = new SimCluster(String.valueOf(j.get("name")));
        c.configBase = (String) j.get("configBase");
        c.cluster = map(j.get("cluster"));
        c.instanceGroups = (List<Map<String, Object>>) (List<?>) list(j.get("instanceGroups"));
        c.bootStartMillis = ((Number) j.get("bootStartMillis")).longValue();
        c.bootMillis = ((Number) j.get("bootMillis")).longValue();
        c.adminToken = (String) j.get("adminToken");
        c.apiPort = j.get("apiPort") instanceof Number n ? n.intValue() : 0;
        c.resourceVersion = ((Number) j.get("resourceVersion")).longValue();
        c.apiUp = Boolean.TRUE.equals(j.get("apiUp"));
        c.booted = Boolean.TRUE.equals(j.get("booted"));
        for (Object o : list(j.get("objects"))) c.objects.put(String.valueOf(map(o).get("key")), map(map(o).get("object")));
        map(j.get("podSnapshots")).forEach((k, v) -> c.podSnapshots.put(k, map(v)));
        for (Object o : list(j.get("reviews"))) c.reviews.add(map(o));
        return c;
    }
}
