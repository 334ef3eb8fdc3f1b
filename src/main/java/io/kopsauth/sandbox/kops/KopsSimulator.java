package io.kopsauth.sandbox.kops;

import io.kopsauth.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The sandbox's kops: emulates the kops 1.36.2 commands kopsauth drives (kops-cli.md §2) against the sandbox's S3
 * state store, and the sandbox's control endpoint where real kops would call EC2 and ELB. Run as
 * {@code scripts/sandbox/kops}; stdout/stderr, messages and exit codes follow kops.
 */
public final class KopsSimulator {
    private static final Set<String> NO_VALUE = Set.of("yes", "y", "full", "force", "dry-run", "short", "admin", "create-kube-config",
            "all", "unregister", "server", "internal", "h", "help");
    private static final DateTimeFormatter KLOG = DateTimeFormatter.ofPattern("MMdd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    private final Map<String, String> env;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;
    private final List<String> positional = new ArrayList<>();
    private final Map<String, List<String>> flags = new LinkedHashMap<>();

    KopsSimulator(Map<String, String> env, InputStream in, PrintStream out, PrintStream err, Clock clock) {
        this.env = env;
        this.in = in;
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
        int code = run(args, System.getenv(), System.in, out, err, Clock.systemUTC());
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs one kops command line; returns the exit code. */
    public static int run(String[] args, Map<String, String> env, InputStream in, PrintStream out, PrintStream err, Clock clock) {
        KopsSimulator k = new KopsSimulator(env, in, out, err, clock);
        try {
            return k.dispatch(args);
        } catch (KopsException e) {
            err.println("Error: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("Error: " + e);
            return 1;
        }
    }

    // ---- argument parsing ------------------------------------------------------------------------------------

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                for (int j = i + 1; j < args.length; j++) positional.add(args[j]);
                return;
            }
            if (a.startsWith("-") && a.length() > 1 && !a.equals("-")) {
                String f = a.replaceFirst("^--?", "");
                String v = null;
                int eq = f.indexOf('=');
                if (eq >= 0) {
                    v = f.substring(eq + 1);
                    f = f.substring(0, eq);
                } else if (!NO_VALUE.contains(f)) {
                    if (i + 1 >= args.length) throw new KopsException("flag needs an argument: --" + f);
                    v = args[++i];
                }
                flags.computeIfAbsent(f, k -> new ArrayList<>()).add(v);
            } else {
                positional.add(a);
            }
        }
    }

    private String flag(String... names) {
        for (String n : names) {
            List<String> v = flags.get(n);
            if (v != null && !v.isEmpty()) return v.get(v.size() - 1);
        }
        return null;
    }

    private boolean has(String... names) {
        for (String n : names) if (flags.containsKey(n)) return true;
        return false;
    }

    private boolean bool(String name, boolean dflt) {
        if (!flags.containsKey(name)) return dflt;
        String v = flag(name);
        return v == null || v.isEmpty() || Boolean.parseBoolean(v);
    }

    private List<String> all(String name) {
        List<String> out = new ArrayList<>();
        for (String v : flags.getOrDefault(name, List.of())) if (v != null) out.add(v);
        return out;
    }

    private void klog(char level, String file, String msg) {
        err.println(level + KLOG.format(clock.instant()) + "   " + ProcessHandle.current().pid() + " " + file + "] " + msg);
    }

    // ---- dispatch ------------------------------------------------------------------------------------------------

    private int dispatch(String[] args) {
        parse(args);
        if (positional.isEmpty()) {
            out.println("kOps is Kubernetes Operations (the kopsauth sandbox's simulator of kops " + ClusterSpecs.KOPS_VERSION + ").\n\n"
                    + "Commands: version, create cluster, create -f, get cluster, replace -f, edit cluster --set/--unset,\n"
                    + "update cluster, export kubeconfig, validate cluster, delete cluster");
            return 0;
        }
        String cmd = positional.remove(0);
        String sub = positional.isEmpty() ? "" : positional.get(0);
        switch (cmd) {
            case "version" -> {
                return version();
            }
            case "create" -> {
                if (sub.equals("cluster")) {
                    positional.remove(0);
                    return createCluster();
                }
                if (has("f", "filename")) return createFromFile();
                throw new KopsException("unknown command \"" + sub + "\" for \"kops create\"");
            }
            case "get" -> {
                if (sub.equals("cluster") || sub.equals("clusters")) {
                    positional.remove(0);
                    return getClusters();
                }
                throw new KopsException("the kops simulator supports only \"kops get cluster\"");
            }
            case "replace" -> {
                return replace();
            }
            case "edit" -> {
                if (sub.equals("cluster")) {
                    positional.remove(0);
                    return editCluster();
                }
                throw new KopsException("the kops simulator supports only \"kops edit cluster --set/--unset\"");
            }
            case "update" -> {
                if (sub.equals("cluster")) positional.remove(0);
                return updateCluster();
            }
            case "export" -> {
                if (sub.equals("kubeconfig") || sub.equals("kubecfg")) {
                    positional.remove(0);
                    return exportKubeconfig();
                }
                throw new KopsException("unknown command \"" + sub + "\" for \"kops export\"");
            }
            case "validate" -> {
                if (sub.equals("cluster")) positional.remove(0);
                return validate();
            }
            case "delete" -> {
                if (sub.equals("cluster")) {
                    positional.remove(0);
                    return deleteCluster();
                }
                throw new KopsException("the kops simulator supports only \"kops delete cluster\"");
            }
            default -> throw new KopsException("unknown command \"" + cmd + "\" for \"kops\"");
        }
    }

    private int version() {
        if (has("short")) out.println(ClusterSpecs.KOPS_VERSION);
        else out.println("Client version: " + ClusterSpecs.KOPS_VERSION + " (git-v" + ClusterSpecs.KOPS_VERSION + ")");
        if (has("server")) {
            String name = clusterName(true);
            try (StateStore s = StateStore.open(flag("state"), env)) {
                String v = s.read(name + "/kops-version.txt");
                out.println(v == null ? "could not fetch cluster" : "Last applied server version: " + v.strip());
            }
        }
        return 0;
    }

    /** The cluster name: --name, KOPS_CLUSTER_NAME, one positional argument, else (when allowed) the kubectl context. */
    private String clusterName(boolean contextFallback) {
        String byFlag = flag("name");
        if (byFlag != null && !positional.isEmpty()) throw new KopsException("cannot specify cluster via --name and positional argument");
        if (positional.size() > 1) throw new KopsException("expected a single cluster name, got " + positional);
        if (!positional.isEmpty()) return positional.get(0);
        if (byFlag != null) return byFlag;
        String e = env.get("KOPS_CLUSTER_NAME");
        if (e != null && !e.isEmpty()) return e;
        if (contextFallback) {
            String ctx = KubeconfigFile.load(KubeconfigFile.resolve(null, env)).currentContext();
            if (!ctx.isEmpty()) {
                err.print("Using cluster from kubectl context: " + ctx + "\n\n");
                return ctx;
            }
        }
        throw new KopsException("--name is required");
    }

    private String timestamp() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    // ---- create ------------------------------------------------------------------------------------------------

    private int createCluster() {
        String name = flag("name");
        if (name != null && !positional.isEmpty()) throw new KopsException("cannot specify cluster via --name and positional argument");
        if (name == null && !positional.isEmpty()) name = positional.get(0);
        if (name == null) name = env.get("KOPS_CLUSTER_NAME");
        if (name == null || name.isEmpty()) throw new KopsException("--name is required");
        boolean dryRun = has("dry-run");
        String output = flag("o", "output");
        if (dryRun && output == null) throw new KopsException("unable to execute --dry-run without setting --output");
        String zonesFlag = flag("zones");
        if (zonesFlag == null || zonesFlag.isBlank()) throw new KopsException("must specify at least one zone for the cluster (use --zones)");
        List<String> zones = new ArrayList<>();
        for (String z : zonesFlag.split(",")) if (!z.isBlank()) zones.add(z.trim());
        String dns = flag("dns");
        String nameErr = ClusterSpecs.nameError(name, dns == null || dns.equalsIgnoreCase("none"));
        if (nameErr != null) throw new KopsException(nameErr);
        String authz = flag("authorization") == null ? "RBAC" : flag("authorization");
        if (!authz.equalsIgnoreCase("RBAC") && !authz.equalsIgnoreCase("AlwaysAllow")) {
            throw new KopsException("unknown authorization mode \"" + authz + "\"");
        }
        String kv = flag("kubernetes-version") == null ? "v1.36.0" : flag("kubernetes-version");
        if (!kv.matches("^v?\\d+\\.\\d+\\.\\d+([-+].*)?$")) {
            throw new KopsException("cannot parse KubernetesVersion \"" + kv + "\": unable to parse version \"" + kv.replaceFirst("^v", "") + "\"");
        }
        if (!kv.startsWith("v")) kv = "v" + kv;
        int nodeCount = 1;
        if (flag("node-count") != null) {
            try {
                nodeCount = Integer.parseInt(flag("node-count"));
            } catch (NumberFormatException e) {
                throw new KopsException("invalid argument \"" + flag("node-count") + "\" for \"--node-count\" flag: strconv.ParseInt: parsing \""
                        + flag("node-count") + "\": invalid syntax");
            }
        }
        StateStore store = dryRun && flag("state") == null && env.get("KOPS_STATE_STORE") == null ? null : StateStore.open(flag("state"), env);
        String configBase = store == null ? "memfs://clusters.example.com/" + name : store.configBase(name);
        List<Map<String, Object>> objs = ClusterSpecs.create(new ClusterSpecs.CreateOptions(name, zones, nodeCount, flag("node-size"),
                flag("control-plane-size", "master-size"), kv, authz, flag("networking"), dns, configBase, timestamp()));
        Map<String, Object> cluster = objs.get(0);
        for (String s : all("set")) SpecFields.set(cluster, s);
        for (String u : all("unset")) SpecFields.unset(cluster, u);
        List<String> errs = ClusterSpecs.validate(cluster);
        if (!errs.isEmpty()) throw new KopsException("validation failed: " + ClusterSpecs.aggregate(errs));
        if (dryRun) {
            printObjects(objs, output, true);
            return 0;
        }
        try (store) {
            if (store.read(name + "/config") != null) {
                throw new KopsException("cluster \"" + name + "\" already exists; use 'kops update cluster' to apply changes");
            }
            writeAll(store, name, objs);
        }
        if (has("yes", "y") && bool(has("yes") ? "yes" : "y", true)) {
            flags.clear();
            flags.put("yes", new ArrayList<>(java.util.Collections.singletonList(null)));
            flags.put("admin", new ArrayList<>(java.util.Collections.singletonList("18h0m0s")));
            positional.clear();
            positional.add(name);
            flags.put("state", List.of(storeUrl(configBase, name)));
            return updateCluster();
        }
        out.print("Previewing changes that will be made:\n\n");
        out.print(taskList(name, objs));
        out.print("Must specify --yes to apply changes\n\n");
        out.print("Cluster configuration has been created.\n\nSuggestions:\n"
                + " * list clusters with: kops get cluster\n"
                + " * edit this cluster with: kops edit cluster " + name + "\n"
                + " * edit your node instance group: kops edit ig --name=" + name + " nodes-" + zones.get(0) + "\n"
                + " * edit your control-plane instance group: kops edit ig --name=" + name + " control-plane-" + zones.get(0) + "\n\n"
                + "Finally configure your cluster with: kops update cluster --name " + name + " --yes --admin\n\n");
        return 0;
    }

    private static String storeUrl(String configBase, String name) {
        return configBase.substring(0, configBase.length() - name.length() - 1);
    }

    private static String taskList(String name, List<Map<String, Object>> objs) {
        StringBuilder sb = new StringBuilder("Will create resources:\n");
        for (Map<String, Object> o : objs) {
            if (!"InstanceGroup".equals(o.get("kind"))) continue;
            Map<String, Object> meta = ClusterSpecs.map(o.get("metadata"));
            Map<String, Object> spec = ClusterSpecs.map(o.get("spec"));
            sb.append("  AutoscalingGroup/").append(meta.get("name")).append('.').append(name).append('\n')
                    .append("  \tMinSize             \t").append(spec.get("minSize")).append('\n')
                    .append("  \tMaxSize             \t").append(spec.get("maxSize")).append('\n')
                    .append("  \tInstanceType        \t").append(spec.get("machineType")).append("\n\n");
        }
        sb.append("  IAMRole/masters.").append(name).append("\n\n  IAMRole/nodes.").append(name).append("\n\n")
                .append("  LoadBalancer/api.").append(name).append("\n\n  VPC/").append(name).append("\n  \tCIDR                \t172.20.0.0/16\n\n");
        return sb.toString();
    }

    private void writeAll(StateStore store, String name, List<Map<String, Object>> objs) {
        for (Map<String, Object> o : objs) {
            String n = String.valueOf(ClusterSpecs.map(o.get("metadata")).get("name"));
            if ("Cluster".equals(o.get("kind"))) store.write(name + "/config", ClusterSpecs.yaml(o));
            else store.write(name + "/instancegroup/" + n, ClusterSpecs.yaml(o));
        }
    }

    private void printObjects(List<Map<String, Object>> objs, String output, boolean withSsh) {
        List<Map<String, Object>> all = new ArrayList<>(objs);
        if (withSsh) {
            String name = String.valueOf(ClusterSpecs.map(objs.get(0).get("metadata")).get("name"));
            all.add(Json.obj("apiVersion", "kops.k8s.io/v1alpha2", "kind", "SSHCredential",
                    "metadata", Json.obj("creationTimestamp", null, "labels", Json.obj("kops.k8s.io/cluster", name), "name", "admin"),
                    "spec", Json.obj()));
        }
        switch (output) {
            case "yaml" -> out.print(ClusterSpecs.yamlAll(all));
            case "json" -> {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < all.size(); i++) {
                    if (i > 0) sb.append(',');
                    sb.append(ClusterSpecs.json(all.get(i))).append('\n');
                }
                out.print(sb);
            }
            default -> throw new KopsException("unsupported output format: \"" + output + "\"");
        }
    }

    private String readInput(String file) {
        try {
            if (file.equals("-")) return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new KopsException("error reading file \"" + file + "\": open " + file + ": no such file or directory");
        }
    }

    private int createFromFile() {
        StateStore store = StateStore.open(flag("state"), env);
        StringBuilder msg = new StringBuilder("\n");
        String clusterName = null;
        try (store) {
            for (String f : all("f").isEmpty() ? all("filename") : all("f")) {
                for (Map<String, Object> o : ClusterSpecs.parseAll(readInput(f))) {
                    String kind = String.valueOf(o.get("kind"));
                    String n = String.valueOf(ClusterSpecs.map(o.get("metadata")).get("name"));
                    if (kind.equals("Cluster")) {
                        ClusterSpecs.defaults(o);
                        List<String> errs = ClusterSpecs.validate(o);
                        if (!errs.isEmpty()) throw new KopsException("error creating cluster: " + ClusterSpecs.aggregate(errs));
                        if (store.read(n + "/config") != null) throw new KopsException("cluster \"" + n + "\" already exists");
                        ClusterSpecs.map(o.get("metadata")).putIfAbsent("creationTimestamp", timestamp());
                        ClusterSpecs.map(o.get("spec")).put("configBase", store.configBase(n));
                        store.write(n + "/config", ClusterSpecs.yaml(o));
                        msg.append("Created cluster/").append(n).append('\n');
                        clusterName = n;
                    } else if (kind.equals("InstanceGroup")) {
                        String c = String.valueOf(ClusterSpecs.map(ClusterSpecs.map(o.get("metadata")).get("labels")).get("kops.k8s.io/cluster"));
                        if (c.equals("null") || c.isEmpty()) {
                            throw new KopsException("must specify \"kops.k8s.io/cluster\" label with cluster name to create instanceGroup");
                        }
                        ClusterSpecs.map(o.get("metadata")).putIfAbsent("creationTimestamp", timestamp());
                        store.write(c + "/instancegroup/" + n, ClusterSpecs.yaml(o));
                        msg.append("Created instancegroup/").append(n).append('\n');
                        if (clusterName == null) clusterName = c;
                    } else if (!kind.equals("SSHCredential")) {
                        throw new KopsException("unhandled kind \"" + kind + "\"");
                    }
                }
            }
        }
        msg.append("\nTo deploy these resources, run: kops update cluster --name ").append(clusterName).append(" --yes\n\n");
        out.print(msg);
        return 0;
    }

    // ---- get / replace / edit ---------------------------------------------------------------------------------------

    private Map<String, Object> loadCluster(StateStore store, String name) {
        String text = store.read(name + "/config");
        if (text == null) return null;
        return ClusterSpecs.parseAll(text).get(0);
    }

    private List<Map<String, Object>> loadIgs(StateStore store, String name) {
        List<Map<String, Object>> igs = new ArrayList<>();
        for (String p : store.list(name + "/instancegroup/")) {
            String t = store.read(p);
            if (t != null) igs.addAll(ClusterSpecs.parseAll(t));
        }
        return igs;
    }

    private int getClusters() {
        String output = flag("o", "output") == null ? "table" : flag("o", "output");
        try (StateStore store = StateStore.open(flag("state"), env)) {
            List<String> names = new ArrayList<>(positional);
            if (names.isEmpty() && flag("name") != null) names.add(flag("name"));
            boolean named = !names.isEmpty();
            if (!named) names = store.clusters();
            if (names.isEmpty()) throw new KopsException("no clusters found");
            List<Map<String, Object>> clusters = new ArrayList<>();
            for (String n : names) {
                Map<String, Object> c = loadCluster(store, n);
                if (c == null) throw new KopsException("cluster not found \"" + n + "\"");
                if (has("full")) {
                    String full = store.read(n + "/cluster-completed.spec");
                    c = full != null ? ClusterSpecs.parseAll(full).get(0) : ClusterSpecs.completed(c);
                }
                clusters.add(c);
            }
            switch (output) {
                case "table" -> {
                    List<List<String>> rows = new ArrayList<>();
                    rows.add(List.of("NAME", "CLOUD", "ZONES"));
                    for (Map<String, Object> c : clusters) {
                        TreeSet<String> zones = new TreeSet<>();
                        for (Object s : ClusterSpecs.list(ClusterSpecs.map(c.get("spec")).get("subnets"))) {
                            Object z = ClusterSpecs.map(s).get("zone");
                            if (z != null) zones.add(String.valueOf(z));
                        }
                        rows.add(List.of(String.valueOf(ClusterSpecs.map(c.get("metadata")).get("name")),
                                String.valueOf(ClusterSpecs.map(c.get("spec")).getOrDefault("cloudProvider", "aws")), String.join(",", zones)));
                    }
                    out.print(TabWriter.format(rows));
                }
                case "yaml" -> {
                    if (has("full")) out.print("//   WARNING: Do not use a '--full' cluster specification to define a Kubernetes installation.\n"
                            + "//   You may experience unexpected behavior and other bugs.  Use only the required elements\n"
                            + "//   and any modifications that you require.\n//\n//   This spec is only for information.\n\n");
                    out.print(ClusterSpecs.yamlAll(clusters));
                }
                case "json" -> {
                    if (clusters.size() == 1 && named) {
                        out.print(ClusterSpecs.json(clusters.get(0)) + "\n");
                    } else {
                        StringBuilder sb = new StringBuilder("[");
                        for (int i = 0; i < clusters.size(); i++) {
                            if (i > 0) sb.append(',');
                            sb.append(ClusterSpecs.json(clusters.get(i))).append('\n');
                        }
                        out.print(sb.append("]\n"));
                    }
                }
                default -> throw new KopsException("unknown output format: \"" + output + "\"");
            }
        }
        return 0;
    }

    private int replace() {
        boolean force = has("force");
        List<String> files = all("f").isEmpty() ? all("filename") : all("f");
        if (files.isEmpty()) throw new KopsException("expected -f or --filename");
        try (StateStore store = StateStore.open(flag("state"), env)) {
            for (String f : files) {
                for (Map<String, Object> o : ClusterSpecs.parseAll(readInput(f))) {
                    String kind = String.valueOf(o.get("kind"));
                    Map<String, Object> meta = ClusterSpecs.map(o.get("metadata"));
                    String n = String.valueOf(meta.get("name"));
                    if (kind.equals("Cluster")) {
                        Map<String, Object> old = loadCluster(store, n);
                        if (old == null && !force) throw new KopsException("cluster " + n + " does not exist (try adding --force flag)");
                        ClusterSpecs.defaults(o);
                        List<String> errs = ClusterSpecs.validate(o);
                        if (!errs.isEmpty()) throw new KopsException("error replacing cluster: " + ClusterSpecs.aggregate(errs));
                        Map<String, Object> oldMeta = old == null ? Map.of() : ClusterSpecs.map(old.get("metadata"));
                        meta.put("creationTimestamp", oldMeta.getOrDefault("creationTimestamp", timestamp()));
                        long gen = oldMeta.get("generation") instanceof Number g ? g.longValue() : 0;
                        if (old != null && !Json.write(ClusterSpecs.sorted(old.get("spec"))).equals(Json.write(ClusterSpecs.sorted(o.get("spec"))))) {
                            meta.put("generation", gen + 1);
                        } else if (gen > 0) {
                            meta.put("generation", gen);
                        }
                        ClusterSpecs.map(o.get("spec")).putIfAbsent("configBase", store.configBase(n));
                        store.write(n + "/config", ClusterSpecs.yaml(o));
                    } else if (kind.equals("InstanceGroup")) {
                        String c = String.valueOf(ClusterSpecs.map(meta.get("labels")).get("kops.k8s.io/cluster"));
                        if (c.equals("null") || c.isEmpty()) {
                            throw new KopsException("must specify \"kops.k8s.io/cluster\" label with cluster name to replace instanceGroup");
                        }
                        if (store.read(c + "/instancegroup/" + n) == null && !force) {
                            throw new KopsException("instanceGroup: " + n + " does not exist (try adding --force flag)");
                        }
                        meta.putIfAbsent("creationTimestamp", timestamp());
                        store.write(c + "/instancegroup/" + n, ClusterSpecs.yaml(o));
                    } else if (!kind.equals("SSHCredential")) {
                        throw new KopsException("unhandled kind \"" + kind + "\"");
                    }
                }
            }
        }
        return 0;
    }

    private int editCluster() {
        if (all("set").isEmpty() && all("unset").isEmpty()) {
            throw new KopsException("the kops simulator edits only non-interactively: use --set or --unset "
                    + "(or kops get cluster -o yaml, edit, kops replace -f)");
        }
        String name = clusterName(true);
        try (StateStore store = StateStore.open(flag("state"), env)) {
            Map<String, Object> c = loadCluster(store, name);
            if (c == null) throw new KopsException("cluster \"" + name + "\" not found");
            Map<String, Object> before = ClusterSpecs.copy(c);
            for (String s : all("set")) SpecFields.set(c, s);
            for (String u : all("unset")) SpecFields.unset(c, u);
            List<String> errs = ClusterSpecs.validate(c);
            if (!errs.isEmpty()) throw new KopsException("validation failed: " + ClusterSpecs.aggregate(errs));
            Map<String, Object> meta = ClusterSpecs.map(c.get("metadata"));
            if (!Json.write(ClusterSpecs.sorted(before.get("spec"))).equals(Json.write(ClusterSpecs.sorted(c.get("spec"))))) {
                long gen = meta.get("generation") instanceof Number g ? g.longValue() : 0;
                meta.put("generation", gen + 1);
            }
            store.write(name + "/config", ClusterSpecs.yaml(c));
        }
        return 0;
    }

    // ---- update / export ------------------------------------------------------------------------------------------

    private long bootSeconds() {
        String v = env.get("KOPSAUTH_SANDBOX_BOOT_SECONDS");
        try {
            return v == null || v.isBlank() ? 3 : Math.max(0, Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            throw new KopsException("KOPSAUTH_SANDBOX_BOOT_SECONDS must be a whole number of seconds, got \"" + v + "\"");
        }
    }

    private int updateCluster() {
        String name = clusterName(true);
        boolean yes = has("yes", "y");
        boolean admin = has("admin");
        String user = flag("user");
        if (admin && user != null) throw new KopsException("cannot use both --admin and --user");
        try (StateStore store = StateStore.open(flag("state"), env)) {
            Map<String, Object> c = loadCluster(store, name);
            if (c == null) throw new KopsException("cluster \"" + name + "\" not found");
            List<String> errs = ClusterSpecs.validate(c);
            if (!errs.isEmpty()) throw new KopsException("validation failed: " + ClusterSpecs.aggregate(errs));
            List<Map<String, Object>> igs = loadIgs(store, name);
            Map<String, Object> completed = ClusterSpecs.completed(c);
            String completedYaml = ClusterSpecs.yaml(completed);
            String previous = store.read(name + "/cluster-completed.spec");
            SandboxCloud cloud = new SandboxCloud(env);
            SandboxCloud.ClusterInfo existing = cloud.get(name);
            boolean changes = existing == null || previous == null || !previous.equals(completedYaml);
            if (!yes) {
                if (changes) {
                    List<Map<String, Object>> objs = new ArrayList<>();
                    objs.add(c);
                    objs.addAll(igs);
                    out.print(existing == null ? taskList(name, objs) : "Will modify resources:\n  Cluster/" + name + "\n\n");
                    out.print("Must specify --yes to apply changes\n");
                } else {
                    out.print("\nNo changes need to be applied\n");
                }
                return 0;
            }
            store.write(name + "/cluster-completed.spec", completedYaml);
            store.write(name + "/kops-version.txt", ClusterSpecs.KOPS_VERSION);
            Object aws = ClusterSpecs.map(ClusterSpecs.map(completed.get("spec")).get("authentication")).get("aws");
            if (aws instanceof Map) {
                store.write(name + "/addons/authentication.aws/k8s-1.12.yaml", ClusterSpecs.addonManifest(name, ClusterSpecs.map(aws)));
            }
            List<String> igNames = new ArrayList<>();
            for (Map<String, Object> ig : igs) igNames.add(String.valueOf(ClusterSpecs.map(ig.get("metadata")).get("name")));
            SandboxCloud.ClusterInfo info = cloud.put(name, store.configBase(name), bootSeconds(), igNames);
            if (bool("create-kube-config", true)) {
                if (!admin && user == null) {
                    klog('W', "update_cluster.go:353", "Exported kubeconfig with no user authentication; use --admin, --user or --auth-plugin flags with `kops export kubeconfig`");
                }
                writeKubeconfig(name, info, admin, user, null);
            }
            if (existing == null) {
                out.print("\nCluster is starting.  It should be ready in a few minutes.\n\nSuggestions:\n"
                        + " * validate cluster: kops validate cluster --wait 10m\n"
                        + " * list nodes: kubectl get nodes --show-labels\n"
                        + " * ssh to a control-plane node: ssh -i ~/.ssh/id_rsa ubuntu@api." + name + "\n"
                        + " * the ubuntu user is specific to Ubuntu. If not using Ubuntu please use the appropriate user based on your OS.\n"
                        + " * read about installing addons at: https://kops.sigs.k8s.io/addons.\n\n");
            } else {
                out.print("\nCluster changes have been applied to the cloud.\n\n\nChanges may require instances to restart: kops rolling-update cluster\n\n");
            }
        }
        return 0;
    }

    private void writeKubeconfig(String name, SandboxCloud.ClusterInfo info, boolean admin, String user, String file) {
        KubeconfigFile kc = KubeconfigFile.load(KubeconfigFile.resolve(file, env));
        kc.setCluster(name, info.server(), info.caData(), admin ? info.adminToken() : null);
        if (user != null) kc.useUser(name, user);
        kc.save();
        out.println("kOps has set your kubectl context to " + name);
    }

    private int exportKubeconfig() {
        String name = clusterName(true);
        boolean admin = has("admin");
        String user = flag("user");
        if (admin && user != null) throw new KopsException("cannot use both --admin and --user");
        try (StateStore store = StateStore.open(flag("state"), env)) {
            if (loadCluster(store, name) == null) throw new KopsException("cluster \"" + name + "\" not found");
        }
        SandboxCloud.ClusterInfo info = new SandboxCloud(env).get(name);
        if (info == null) {
            throw new KopsException("cannot export a kubeconfig for " + name + ": the cluster has not been created in the sandbox "
                    + "(run kops update cluster --name " + name + " --yes)");
        }
        if (!admin && user == null) {
            klog('W', "create_kubecfg.go:95", "Did not export kubeconfig with user authentication; use --admin, --user or --auth-plugin flags with `kops export kubeconfig`");
        }
        writeKubeconfig(name, info, admin, user, flag("kubeconfig"));
        return 0;
    }

    // ---- validate ------------------------------------------------------------------------------------------------

    private static Duration duration(String s, String flagName) {
        if (s == null) return Duration.ZERO;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)").matcher(s);
        long ms = 0;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) break;
            double v = Double.parseDouble(m.group(1));
            ms += (long) (v * switch (m.group(2)) {
                case "h" -> 3_600_000;
                case "m" -> 60_000;
                case "s" -> 1000;
                default -> 1;
            });
            end = m.end();
        }
        if (s.equals("0")) return Duration.ZERO;
        if (end != s.length() || s.isEmpty()) {
            throw new KopsException("invalid argument \"" + s + "\" for \"--" + flagName + "\" flag: time: invalid duration \"" + s + "\"");
        }
        return Duration.ofMillis(ms);
    }

    private int validate() {
        String name = clusterName(true);
        String output = flag("o", "output") == null ? "table" : flag("o", "output");
        Duration wait = duration(flag("wait"), "wait");
        Duration interval = flag("interval") == null ? Duration.ofSeconds(10) : duration(flag("interval"), "interval");
        int count = flag("count") == null ? 1 : Integer.parseInt(flag("count"));
        Map<String, Object> cluster;
        List<Map<String, Object>> igs;
        try (StateStore store = StateStore.open(flag("state"), env)) {
            cluster = loadCluster(store, name);
            if (cluster == null) throw new KopsException("cluster \"" + name + "\" not found");
            igs = loadIgs(store, name);
        }
        SandboxCloud cloud = new SandboxCloud(env);
        ClusterValidation v = new ClusterValidation(name, igs);
        Instant deadline = clock.instant().plus(wait);
        int passes = 0;
        while (true) {
            ClusterValidation.Result r;
            String apiError = null;
            try {
                r = v.run(cloud.get(name));
            } catch (ClusterValidation.ApiUnavailable e) {
                r = null;
                apiError = "unexpected error during validation: " + e.getMessage();
            }
            if (r != null) {
                print(r, output, name);
                if (r.failures().isEmpty()) {
                    passes++;
                    if (passes >= count) {
                        if (output.equals("table")) out.print("\nYour cluster " + name + " is ready\n");
                        return 0;
                    }
                    if (wait.isZero()) throw new KopsException("validation failed: cluster passed validation " + passes + " consecutive times");
                } else {
                    passes = 0;
                    if (output.equals("table")) out.print("\nValidation Failed\n");
                    if (wait.isZero()) throw new KopsException("validation failed: cluster not yet healthy");
                }
            } else {
                passes = 0;
                if (wait.isZero()) throw new KopsException("validation failed: " + apiError);
            }
            if (clock.instant().isAfter(deadline)) throw new KopsException("validation failed: wait time exceeded during validation");
            if (r != null && r.failures().isEmpty()) {
                klog('I', "validate_cluster.go:242", "(will retry): cluster passed validation " + passes + " consecutive times");
            } else {
                klog('W', "validate_cluster.go:232", "(will retry): " + (apiError != null ? apiError : "cluster not yet healthy"));
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KopsException("interrupted");
            }
        }
    }

    private void print(ClusterValidation.Result r, String output, String name) {
        switch (output) {
            case "json" -> {
                out.print(ClusterSpecs.goJson(r.toJson()));
                out.flush();
            }
            case "yaml" -> out.print(ClusterSpecs.yamlIo().dump(ClusterSpecs.sorted(r.toJson())));
            default -> out.print(r.table(name));
        }
    }

    // ---- delete ------------------------------------------------------------------------------------------------

    private int deleteCluster() {
        String name = flag("name");
        if (name != null && !positional.isEmpty()) throw new KopsException("cannot specify cluster via --name and positional argument");
        if (name == null && !positional.isEmpty()) name = positional.get(0);
        if (name == null) name = env.get("KOPS_CLUSTER_NAME");
        if (name == null || name.isEmpty()) throw new KopsException("--name is required (for safety)");
        boolean yes = has("yes", "y");
        try (StateStore store = StateStore.open(flag("state"), env)) {
            Map<String, Object> cluster = loadCluster(store, name);
            if (cluster == null) throw new KopsException("cluster \"" + name + "\" not found");
            List<Map<String, Object>> igs = loadIgs(store, name);
            SandboxCloud cloud = new SandboxCloud(env);
            SandboxCloud.ClusterInfo info = cloud.get(name);
            List<List<String>> resources = new ArrayList<>();
            if (info != null) resources = CloudResources.of(name, igs);
            err.println("Looking for cloud resources to delete");
            if (resources.isEmpty()) {
                out.print("No cloud resources to delete\n");
            } else {
                List<List<String>> rows = new ArrayList<>();
                rows.add(List.of("TYPE", "NAME", "ID"));
                rows.addAll(resources);
                out.print(TabWriter.format(rows));
            }
            if (!yes) {
                out.print(resources.isEmpty() ? "\nMust specify --yes to unregister the cluster\n" : "\nMust specify --yes to delete cluster\n");
                return 0;
            }
            if (!resources.isEmpty()) {
                out.print("\n");
                for (List<String> r : resources) out.print(r.get(0) + ":" + r.get(2) + "\tok\n");
                cloud.delete(name);
            }
            for (String p : store.list(name + "/")) store.delete(p);
            Path kcPath = KubeconfigFile.resolve(null, env);
            if (Files.isRegularFile(kcPath)) {
                KubeconfigFile kc = KubeconfigFile.load(kcPath);
                if (kc.remove(name)) {
                    kc.save();
                    out.print("Deleted kubectl config for " + name + "\n");
                }
            }
            out.print("\nDeleted cluster: \"" + name + "\"\n");
        }
        return 0;
    }
}
