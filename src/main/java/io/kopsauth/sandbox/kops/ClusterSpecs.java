package io.kopsauth.sandbox.kops;

import io.kopsauth.aws.Arns;
import io.kopsauth.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * kops 1.36 cluster and instance-group manifests: what {@code create cluster} writes (the minimal-1.36 shape), the
 * validation rules and messages of kops-cli.md §1.2 and §3, the completed spec, and kops' YAML/JSON renderings.
 */
public final class ClusterSpecs {
    private ClusterSpecs() {}

    public static final String KOPS_VERSION = "1.36.2";
    static final String IMAGE = "099720109477/ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20260714";
    static final String AUTH_IMAGE = "public.ecr.aws/eks-distro/kubernetes-sigs/aws-iam-authenticator:v0.6.20-eks-1-30-7";
    private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");

    /** The inputs of {@code kops create cluster}. */
    public record CreateOptions(String name, List<String> zones, int nodeCount, String nodeSize, String controlPlaneSize,
                                String kubernetesVersion, String authorization, String networking, String dns, String configBase,
                                String timestamp) {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o instanceof Map ? (Map<String, Object>) o : new LinkedHashMap<>();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return o instanceof List ? (List<Object>) o : new ArrayList<>();
    }

    /** Checks a cluster name as kops does (kops-cli.md §3); returns the error or null. */
    public static String nameError(String name, boolean dnsNone) {
        if (name.length() > 253 || !DNS1123_SUBDOMAIN.matcher(name).matches()) {
            return "Cluster Name must be a valid DNS name (e.g. --name=mycluster.myzone.com) errors: a lowercase RFC 1123 subdomain must "
                    + "consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character "
                    + "(e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
        }
        if (!name.contains(".") && !dnsNone) {
            return "Cluster Name must be a fully-qualified DNS name (e.g. --name=mycluster.myzone.com)";
        }
        return null;
    }

    /** The Cluster and instance groups {@code kops create cluster} writes. */
    public static List<Map<String, Object>> create(CreateOptions o) {
        String region = o.zones().get(0).substring(0, o.zones().get(0).length() - 1);
        String cpZone = o.zones().get(0);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("api", Json.obj("loadBalancer", Json.obj("class", "Network", "type", "Public")));
        spec.put("authorization", o.authorization().equalsIgnoreCase("AlwaysAllow") ? Json.obj("alwaysAllow", Json.obj())
                : Json.obj("rbac", Json.obj()));
        spec.put("channel", "stable");
        spec.put("cloudProvider", "aws");
        spec.put("configBase", o.configBase());
        List<Object> etcd = new ArrayList<>();
        for (String n : List.of("main", "events")) {
            etcd.add(Json.obj("cpuRequest", n.equals("main") ? "200m" : "100m",
                    "etcdMembers", List.of(Json.obj("encryptedVolume", true, "instanceGroup", "control-plane-" + cpZone, "name", "a")),
                    "manager", Json.obj("backupRetentionDays", 90), "memoryRequest", "100Mi", "name", n));
        }
        spec.put("etcdClusters", etcd);
        spec.put("iam", Json.obj("allowContainerRegistry", true, "legacy", false));
        spec.put("kubelet", Json.obj("anonymousAuth", false));
        spec.put("kubernetesApiAccess", List.of("0.0.0.0/0", "::/0"));
        spec.put("kubernetesVersion", o.kubernetesVersion());
        spec.put("networkCIDR", "172.20.0.0/16");
        Map<String, Object> net = new LinkedHashMap<>();
        net.put(o.networking() == null || o.networking().equals("cilium") ? "cilium" : o.networking().equals("cni") ? "cni" : o.networking(), Json.obj());
        spec.put("networking", net);
        spec.put("nonMasqueradeCIDR", "100.64.0.0/10");
        spec.put("sshAccess", List.of("0.0.0.0/0", "::/0"));
        List<Object> subnets = new ArrayList<>();
        int i = 0;
        for (String z : o.zones()) {
            String cidr = o.zones().size() == 1 ? "172.20.0.0/16" : "172.20." + (32 * (i + 1)) + ".0/19";
            subnets.add(Json.obj("cidr", cidr, "name", z, "type", "Public", "zone", z));
            i++;
        }
        spec.put("subnets", subnets);
        String dns = o.dns() == null ? "none" : o.dns().toLowerCase(Locale.ROOT);
        spec.put("topology", Json.obj("dns", Json.obj("type", dns.equals("none") ? "None" : dns.equals("private") ? "Private" : "Public")));
        Map<String, Object> cluster = Json.obj("apiVersion", "kops.k8s.io/v1alpha2", "kind", "Cluster",
                "metadata", Json.obj("creationTimestamp", o.timestamp(), "name", o.name()), "spec", spec);
        List<Map<String, Object>> out = new ArrayList<>();
        out.add(cluster);
        out.add(ig(o.name(), "control-plane-" + cpZone, "Master", o.controlPlaneSize() == null ? "t3.medium" : o.controlPlaneSize(), 1,
                List.of(cpZone), o.timestamp()));
        int perZone = Math.max(1, o.nodeCount() / o.zones().size());
        int left = o.nodeCount();
        for (int z = 0; z < o.zones().size(); z++) {
            int n = z == o.zones().size() - 1 ? left : Math.min(left, perZone);
            left -= n;
            out.add(ig(o.name(), "nodes-" + o.zones().get(z), "Node", o.nodeSize() == null ? "t3.medium" : o.nodeSize(), n,
                    List.of(o.zones().get(z)), o.timestamp()));
        }
        return out;
    }

    private static Map<String, Object> ig(String cluster, String name, String role, String size, int count, List<String> subnets, String ts) {
        return Json.obj("apiVersion", "kops.k8s.io/v1alpha2", "kind", "InstanceGroup",
                "metadata", Json.obj("creationTimestamp", ts, "labels", Json.obj("kops.k8s.io/cluster", cluster), "name", name),
                "spec", Json.obj("image", IMAGE, "machineType", size, "maxSize", count, "minSize", count,
                        "nodeLabels", Json.obj("kops.k8s.io/instancegroup", name), "role", role, "subnets", subnets));
    }

    /** Validates a Cluster (kops-cli.md §1.2); returns the error messages, empty when valid. */
    public static List<String> validate(Map<String, Object> cluster) {
        List<String> errs = new ArrayList<>();
        Map<String, Object> spec = map(cluster.get("spec"));
        Object awsObj = map(spec.get("authentication")).get("aws");
        if (awsObj instanceof Map) {
            Map<String, Object> aws = map(awsObj);
            List<Object> mappings = list(aws.get("identityMappings"));
            String mode = aws.get("backendMode") == null ? "" : String.valueOf(aws.get("backendMode"));
            if (!mappings.isEmpty() && !mode.contains("CRD")) {
                errs.add("spec.authentication.aws.backendMode: Forbidden: backendMode must be CRD if identityMappings is set");
            }
            for (int i = 0; i < mappings.size(); i++) {
                String arn = String.valueOf(map(mappings.get(i)).get("arn"));
                var parsed = Arns.parse(arn);
                boolean ok = parsed.isPresent() && (parsed.get().resource().startsWith("role/") || parsed.get().resource().startsWith("user/"));
                if (!ok) {
                    errs.add("spec.authentication.aws.identityMappings[" + i + "].arn: Invalid value: \"" + arn
                            + "\": arn must be a valid IAM Role or User ARN such as arn:aws:iam::123456789012:role/KopsExampleRole");
                }
            }
        }
        Map<String, Object> authz = map(spec.get("authorization"));
        if (authz.size() > 1) errs.add("spec.authorization: Forbidden: only one authorizer may be specified");
        Object mode = map(spec.get("kubeAPIServer")).get("authorizationMode");
        if (authz.containsKey("rbac") && mode != null) {
            String m = String.valueOf(mode);
            if (!(List.of(m.split(",")).contains("RBAC") && List.of(m.split(",")).contains("Node"))) {
                errs.add("As of kubernetes 1.19 on AWS, authorizationMode must include RBAC and Node");
            }
        }
        return errs;
    }

    /** Go's aggregate error format: one error as is, several as {@code [a, b]}. */
    public static String aggregate(List<String> errs) {
        return errs.size() == 1 ? errs.get(0) : "[" + String.join(", ", errs) + "]";
    }

    /** Defaults kops ≥1.36 fills in for manifests: {@code authorization} omitted means RBAC. */
    public static void defaults(Map<String, Object> cluster) {
        Map<String, Object> spec = map(cluster.get("spec"));
        if (!(spec.get("authorization") instanceof Map) || map(spec.get("authorization")).isEmpty()) {
            spec.put("authorization", Json.obj("rbac", Json.obj()));
        }
        cluster.put("spec", spec);
    }

    /** The completed spec kops writes at {@code update cluster --yes} (cluster-completed.spec). */
    public static Map<String, Object> completed(Map<String, Object> cluster) {
        Map<String, Object> c = copy(cluster);
        Map<String, Object> spec = map(c.get("spec"));
        Map<String, Object> api = map(spec.get("kubeAPIServer"));
        boolean rbac = map(spec.get("authorization")).containsKey("rbac");
        api.putIfAbsent("authorizationMode", rbac ? "Node,RBAC" : "AlwaysAllow");
        Object awsObj = map(spec.get("authentication")).get("aws");
        if (awsObj instanceof Map) {
            Map<String, Object> aws = map(awsObj);
            aws.putIfAbsent("image", AUTH_IMAGE);
            aws.putIfAbsent("memoryRequest", "20Mi");
            aws.putIfAbsent("cpuRequest", "10m");
            aws.putIfAbsent("memoryLimit", "20Mi");
            api.put("authenticationTokenWebhookConfigFile", "/etc/kubernetes/authn.config");
        }
        spec.put("kubeAPIServer", api);
        spec.putIfAbsent("clusterDNSDomain", "cluster.local");
        spec.putIfAbsent("serviceClusterIPRange", "100.64.0.0/13");
        spec.putIfAbsent("masterKubelet", Json.obj("anonymousAuth", false));
        c.put("spec", spec);
        return c;
    }

    /** The authentication.aws addon manifest (CRD, RBAC, DaemonSet, mappings) stored under addons/. */
    public static String addonManifest(String name, Map<String, Object> aws) {
        StringBuilder sb = new StringBuilder();
        String mode = aws.get("backendMode") == null ? "" : String.valueOf(aws.get("backendMode"));
        boolean mounted = mode.isEmpty() || mode.contains("MountedFile");
        sb.append("apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  labels:\n")
                .append("    addon.kops.k8s.io/name: authentication.aws\n    app.kubernetes.io/managed-by: kops\n")
                .append("    role.kubernetes.io/authentication: \"1\"\n  name: iamidentitymappings.iamauthenticator.k8s.aws\n")
                .append("spec:\n  group: iamauthenticator.k8s.aws\n  names:\n    kind: IAMIdentityMapping\n    plural: iamidentitymappings\n")
                .append("    singular: iamidentitymapping\n  scope: Cluster\n\n---\n\n");
        List<String> args = new ArrayList<>(List.of("server"));
        if (mounted) args.add("--config=/etc/aws-iam-authenticator/config.yaml");
        Object id = aws.get("clusterID");
        if (id != null && !String.valueOf(id).isEmpty()) args.add("--cluster-id=" + id);
        else if (!mode.isEmpty() && !mounted) args.add("--cluster-id=" + name);
        args.add("--state-dir=/var/aws-iam-authenticator");
        args.add("--kubeconfig-pregenerated=true");
        if (!mode.isEmpty()) args.add("--backend-mode=" + mode);
        sb.append("apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  labels:\n    addon.kops.k8s.io/name: authentication.aws\n")
                .append("    app.kubernetes.io/managed-by: kops\n    k8s-app: aws-iam-authenticator\n    role.kubernetes.io/authentication: \"1\"\n")
                .append("  name: aws-iam-authenticator\n  namespace: kube-system\nspec:\n  template:\n    spec:\n      containers:\n")
                .append("      - args:\n");
        for (String a : args) sb.append("        - ").append(a).append('\n');
        sb.append("        image: ").append(aws.getOrDefault("image", AUTH_IMAGE)).append('\n')
                .append("        name: aws-iam-authenticator\n      priorityClassName: system-node-critical\n");
        if (mode.contains("CRD")) {
            List<Object> m = list(aws.get("identityMappings"));
            for (int i = 0; i < m.size(); i++) {
                sb.append("\n---\n\napiVersion: iamauthenticator.k8s.aws/v1alpha1\nkind: IAMIdentityMapping\nmetadata:\n  name: iam-identity-mapping-")
                        .append(i).append("\nspec:\n").append(indent(yaml(sorted(map(m.get(i)))), "  "));
            }
        }
        return sb.toString();
    }

    private static String indent(String s, String by) {
        StringBuilder sb = new StringBuilder();
        for (String l : s.split("\n")) sb.append(by).append(l).append('\n');
        return sb.toString();
    }

    // ---- rendering ------------------------------------------------------------------------------------------

    static Yaml yamlIo() {
        DumperOptions d = new DumperOptions();
        d.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        d.setIndent(2);
        d.setIndicatorIndent(0);
        d.setWidth(Integer.MAX_VALUE);
        d.setSplitLines(false);
        LoaderOptions l = new LoaderOptions();
        return new Yaml(new SafeConstructor(l), new Representer(d), d, l);
    }

    /** Parses a (multi-document) YAML or JSON manifest into objects. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> parseAll(String text) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : yamlIo().loadAll(text)) {
            if (o == null) continue;
            if (!(o instanceof Map)) throw new KopsException("error parsing file: object is not a YAML mapping");
            out.add(copy((Map<String, Object>) o));
        }
        return out;
    }

    /** A deep copy with JSON-compatible values (timestamps as strings). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> copy(Map<String, Object> m) {
        return (Map<String, Object>) copyValue(m);
    }

    private static Object copyValue(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> c = new LinkedHashMap<>();
            m.forEach((k, v) -> c.put(String.valueOf(k), copyValue(v)));
            return c;
        }
        if (o instanceof List<?> l) return new ArrayList<>(l.stream().map(ClusterSpecs::copyValue).toList());
        if (o instanceof java.util.Date d) return d.toInstant().toString().replace(".000Z", "Z");
        return o;
    }

    /** Keys sorted at every level, as Go's YAML marshalling of kops objects comes out. */
    @SuppressWarnings("unchecked")
    static Object sorted(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> t = new TreeMap<>();
            m.forEach((k, v) -> t.put(String.valueOf(k), sorted(v)));
            return new LinkedHashMap<>(t);
        }
        if (o instanceof List<?> l) return new ArrayList<>(l.stream().map(ClusterSpecs::sorted).toList());
        return o;
    }

    /** One object as kops prints YAML (sorted keys, block style). */
    public static String yaml(Object o) {
        return yamlIo().dump(sorted(o)).replaceAll("(?m)^(\\s*creationTimestamp: )'([^']*)'$", "$1\"$2\"");
    }

    /** Several objects separated as kops separates them. */
    public static String yamlAll(List<Map<String, Object>> objs) {
        List<String> parts = new ArrayList<>();
        for (Map<String, Object> o : objs) parts.add(yaml(o));
        return String.join("\n---\n\n", parts);
    }

    /** Go's json.Marshal of a kops object: kind, apiVersion, metadata, spec; HTML characters escaped. */
    public static String json(Map<String, Object> o) {
        Map<String, Object> ordered = new LinkedHashMap<>();
        ordered.put("kind", o.get("kind"));
        ordered.put("apiVersion", o.get("apiVersion"));
        ordered.put("metadata", sorted(o.get("metadata")));
        ordered.put("spec", sorted(o.get("spec")));
        o.forEach((k, v) -> ordered.putIfAbsent(k, sorted(v)));
        return goJson(ordered);
    }

    /** Compact JSON with Go's HTML escaping of {@code <}, {@code >} and {@code &}. */
    public static String goJson(Object o) {
        return Json.write(o).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
    }
}
