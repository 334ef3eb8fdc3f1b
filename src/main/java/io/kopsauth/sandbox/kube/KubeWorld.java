package io.kopsauth.sandbox.kube;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.kopsauth.exec.ZtExecProcessRunner;
import io.kopsauth.json.Json;
import io.kopsauth.sandbox.SandboxComponent;
import io.kopsauth.sandbox.SandboxRuntime;
import io.kopsauth.sandbox.aws.StateFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The sandbox's Kubernetes API simulator: every simulated cluster has its own HTTPS port on 127.0.0.1 (as a real
 * cluster has its own API host, so absolute paths such as {@code kubectl get --raw /healthz} work); one shared port
 * also serves every cluster under {@code /clusters/<name>}; and the control endpoint {@code /_sandbox/clusters/<name>} on the AWS port that the kops
 * simulator uses where real kops would call EC2 and ELB (PUT creates or re-applies from the state store, GET
 * describes, DELETE removes).
 */
public final class KubeWorld implements SandboxComponent {
    private static final Logger LOG = LoggerFactory.getLogger(KubeWorld.class);
    static final String PREFIX = "/clusters/";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;
    private final Map<String, SimCluster> clusters = new ConcurrentHashMap<>();
    private SandboxRuntime runtime;
    private HttpsServer https;
    private final Map<String, HttpsServer> clusterServers = new ConcurrentHashMap<>();
    private ExecutorService executor;
    private KubeTls tls;
    private TokenReviewer reviewer;
    private Path stateDir;

    public KubeWorld() {
        this(Clock.systemUTC());
    }

    public KubeWorld(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "kube";
    }

    @Override
    public void start(SandboxRuntime rt) throws Exception {
        this.runtime = rt;
        this.stateDir = rt.stateDir();
        Files.createDirectories(stateDir.resolve("clusters"));
        tls = KubeTls.loadOrCreate(stateDir, new ZtExecProcessRunner());
        https = bind(previousPort());
        https.setHttpsConfigurator(new HttpsConfigurator(tls.context()));
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "sandbox-kube");
            t.setDaemon(true);
            return t;
        });
        https.setExecutor(executor);
        https.createContext("/", this::api);
        https.start();
        StateFiles.write(stateDir.resolve("port"), (port() + "\n").getBytes(StandardCharsets.UTF_8));
        URI aws = rt.awsEndpoint();
        reviewer = new TokenReviewer(rt.aws(), aws.getHost() + ":" + aws.getPort());
        load();
        rt.mount("/_sandbox/clusters", this::control);
        LOG.info("Kubernetes API simulator on https://127.0.0.1:{} with {} cluster(s)", port(), clusters.size());
    }

    private int previousPort() {
        try {
            Path f = stateDir.resolve("port");
            return Files.isRegularFile(f) ? Integer.parseInt(Files.readString(f).trim()) : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private static HttpsServer bind(int preferred) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        if (preferred > 0) {
            try {
                return HttpsServer.create(new InetSocketAddress(loopback, preferred), 64);
            } catch (BindException e) {
                LOG.info("kube port {} is taken; choosing another (kubeconfigs written before name the old one)", preferred);
            }
        }
        return HttpsServer.create(new InetSocketAddress(loopback, 0), 64);
    }

    public int port() {
        return https.getAddress().getPort();
    }

    /** {@code https://127.0.0.1:PORT}: the {@code server:} of that cluster's kubeconfig (its own API port). */
    public String serverUrl(String cluster) {
        SimCluster c = clusters.get(cluster);
        if (c != null && c.apiPort > 0) return "https://127.0.0.1:" + c.apiPort;
        return "https://127.0.0.1:" + port() + PREFIX + cluster;
    }

    /** Binds the cluster's own API port (the one it had before when still free) and records it in the cluster. */
    private void serve(SimCluster c) {
        if (clusterServers.containsKey(c.name)) return;
        try {
            HttpsServer s = bind(c.apiPort);
            s.setHttpsConfigurator(new HttpsConfigurator(tls.context()));
            s.setExecutor(executor);
            String name = c.name;
            s.createContext("/", ex -> clusterApi(ex, name));
            s.start();
            c.apiPort = s.getAddress().getPort();
            clusterServers.put(c.name, s);
        } catch (IOException e) {
            LOG.warn("could not bind an API port for cluster {}; it stays reachable under {}{}", c.name, PREFIX, c.name, e);
        }
    }

    private void unserve(String name) {
        HttpsServer s = clusterServers.remove(name);
        if (s != null) s.stop(0);
    }

    public String caPem() {
        return tls.caPem();
    }

    @Override
    public Map<String, String> endpoints() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kubeApi", "https://127.0.0.1:" + port());
        m.put("kubeCaFile", stateDir.resolve("ca.crt").toString());
        return m;
    }

    @Override
    public Map<String, Object> status() {
        long now = clock.millis();
        List<Object> list = new ArrayList<>();
        for (SimCluster c : clusters.values()) {
            synchronized (c) {
                c.tick(now);
                Map<String, Object> s = describe(c, now);
                s.remove("caData");
                s.remove("adminToken");
                s.put("name", c.name);
                List<Object> pods = new ArrayList<>();
                for (Map<String, Object> p : c.list("pods", "kube-system")) {
                    if (SimCluster.isAuthPod(p)) pods.add(SimCluster.map(p.get("metadata")).get("name") + " "
                            + SimCluster.map(p.get("status")).get("phase"));
                }
                s.put("authenticatorPods", pods);
                s.put("backendMode", c.awsAuth() == null ? null : String.join(",", c.backendModes()));
                List<Map<String, Object>> reviews = new ArrayList<>(c.reviews);
                s.put("recentReviews", reviews.subList(Math.max(0, reviews.size() - 10), reviews.size()));
                list.add(s);
            }
        }
        return Json.obj("api", "https://127.0.0.1:" + port(), "clusters", list);
    }

    @Override
    public synchronized void reset() throws Exception {
        for (String name : List.copyOf(clusterServers.keySet())) unserve(name);
        clusters.clear();
        try (Stream<Path> files = Files.list(stateDir.resolve("clusters"))) {
            for (Path f : files.toList()) Files.deleteIfExists(f);
        }
    }

    @Override
    public void stop() {
        for (SimCluster c : clusters.values()) {
            synchronized (c) {
                save(c);
            }
        }
        for (String name : List.copyOf(clusterServers.keySet())) unserve(name);
        if (https != null) https.stop(0);
        if (executor != null) executor.shutdownNow();
    }

    // ---- persistence ------------------------------------------------------------------------------------------

    private Path file(String name) {
        return stateDir.resolve("clusters").resolve(name + ".json");
    }

    private void save(SimCluster c) {
        StateFiles.writeJson(file(c.name), c.toJson());
    }

    private void load() throws IOException {
        try (Stream<Path> files = Files.list(stateDir.resolve("clusters"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                try {
                    SimCluster c = SimCluster.fromJson(StateFiles.readJson(f));
                    clusters.put(c.name, c);
                    serve(c);
                    save(c);
                } catch (RuntimeException e) {
                    LOG.warn("ignoring unreadable cluster state {}", f, e);
                }
            }
        }
    }

    // ---- control endpoint ------------------------------------------------------------------------------------

    private void control(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String rest = path.length() > "/_sandbox/clusters".length() ? path.substring("/_sandbox/clusters/".length()) : "";
            int status = 200;
            Object body;
            try {
                long now = clock.millis();
                if (rest.isEmpty()) {
                    List<Object> names = new ArrayList<>(clusters.keySet());
                    body = Json.obj("clusters", names);
                } else {
                    switch (ex.getRequestMethod()) {
                        case "PUT" -> body = put(rest, Json.parseObject(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)), now);
                        case "GET" -> {
                            SimCluster c = clusters.get(rest);
                            if (c == null) {
                                status = 404;
                                body = Json.obj("error", "cluster " + rest + " not found");
                            } else {
                                synchronized (c) {
                                    c.tick(now);
                                    body = describe(c, now);
                                    save(c);
                                }
                            }
                        }
                        case "DELETE" -> {
                            SimCluster c = clusters.remove(rest);
                            unserve(rest);
                            Files.deleteIfExists(file(rest));
                            if (c == null) {
                                status = 404;
                                body = Json.obj("error", "cluster " + rest + " not found");
                            } else {
                                body = Json.obj("deleted", rest);
                            }
                        }
                        default -> {
                            status = 405;
                            body = Json.obj("error", "use PUT, GET or DELETE");
                        }
                    }
                }
            } catch (IllegalArgumentException | Json.JsonException e) {
                status = 400;
                body = Json.obj("error", e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("control request {} failed", path, e);
                status = 500;
                body = Json.obj("error", String.valueOf(e.getMessage()));
            }
            send(ex, status, "application/json", Json.write(body) + "\n");
        }
    }

    private Map<String, Object> describe(SimCluster c, long now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server", serverUrl(c.name));
        m.put("caData", Base64.getEncoder().encodeToString(tls.caPem().getBytes(StandardCharsets.US_ASCII)));
        m.put("adminToken", c.adminToken);
        m.put("phase", c.phase(now));
        m.put("apiReady", c.apiUp);
        m.put("booted", c.booted);
        m.put("configBase", c.configBase);
        return m;
    }

    /** Creates or re-applies a cluster from its state store (kops update cluster --yes). */
    private Map<String, Object> put(String name, Map<String, Object> in, long now) {
        String configBase = (String) in.get("configBase");
        if (configBase == null || !configBase.startsWith("s3://")) throw new IllegalArgumentException("configBase must be s3://bucket/<name>");
        String path = configBase.substring("s3://".length());
        int slash = path.indexOf('/');
        String bucket = slash < 0 ? path : path.substring(0, slash);
        String prefix = slash < 0 ? "" : path.substring(slash + 1);
        String base = prefix.isEmpty() ? "" : prefix + "/";
        Map<String, Object> cluster = yaml(runtime.aws().s3Object(bucket, base + "cluster-completed.spec"));
        if (cluster == null) cluster = yaml(runtime.aws().s3Object(bucket, base + "config"));
        if (cluster == null) throw new IllegalArgumentException("no cluster spec at " + configBase + "/cluster-completed.spec or /config");
        List<String> igNames = new ArrayList<>();
        for (Object o : SimCluster.list(in.get("instanceGroups"))) igNames.add(String.valueOf(o));
        if (igNames.isEmpty()) {
            for (Object s : SimCluster.list(SimCluster.map(cluster.get("spec")).get("subnets"))) {
                String zone = String.valueOf(SimCluster.map(s).get("zone"));
                igNames.add("control-plane-" + zone);
                igNames.add("nodes-" + zone);
            }
        }
        List<Map<String, Object>> igs = new ArrayList<>();
        for (String ig : igNames) {
            Map<String, Object> doc = yaml(runtime.aws().s3Object(bucket, base + "instancegroup/" + ig));
            if (doc != null) igs.add(doc);
        }
        long bootSeconds = in.get("bootSeconds") instanceof Number n ? n.longValue() : 3;
        SimCluster c = clusters.computeIfAbsent(name, SimCluster::new);
        synchronized (c) {
            if (c.adminToken == null) {
                byte[] b = new byte[24];
                RANDOM.nextBytes(b);
                c.adminToken = "kopsauth-sandbox-admin-" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
                c.bootStartMillis = now;
                c.bootMillis = bootSeconds * 1000;
            }
            c.configBase = configBase;
            serve(c);
            c.tick(now);
            c.applySpec(cluster, igs, now);
            c.tick(now);
            save(c);
            LOG.info("cluster {} applied from {} ({} instance groups)", name, configBase, igs.size());
            return describe(c, now);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(byte[] bytes) {
        if (bytes == null) return null;
        Object o = new Yaml(new SafeConstructor(new LoaderOptions())).load(new String(bytes, StandardCharsets.UTF_8));
        return o instanceof Map ? Patches.copy((Map<String, Object>) o) : null;
    }

    // ---- the Kubernetes API ----------------------------------------------------------------------------------

    private void api(HttpExchange ex) throws IOException {
        String rawPath = ex.getRequestURI().getRawPath();
        if (!rawPath.startsWith(PREFIX)) {
            try (ex) {
                send(ex, 404, "application/json", Json.write(KubeApi.notFoundPath().status()));
            }
            return;
        }
        String rest = rawPath.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        String name = slash < 0 ? rest : rest.substring(0, slash);
        handle(ex, name, slash < 0 ? "/" : URLDecoder.decode(rest.substring(slash), StandardCharsets.UTF_8));
    }

    private void clusterApi(HttpExchange ex, String name) throws IOException {
        handle(ex, name, URLDecoder.decode(ex.getRequestURI().getRawPath(), StandardCharsets.UTF_8));
    }

    private void handle(HttpExchange ex, String name, String path) throws IOException {
        try (ex) {
            SimCluster c = clusters.get(name);
            if (c == null) {
                send(ex, 404, "application/json", Json.write(KubeApi.notFoundPath().status()));
                return;
            }
            byte[] body = ex.getRequestBody().readAllBytes();
            long now = clock.millis();
            KubeApi.Answer a;
            synchronized (c) {
                c.tick(now);
                a = serve(c, ex, path, body, now);
                save(c);
            }
            send(ex, a.status(), a.contentType(), a.body());
        } catch (RuntimeException e) {
            LOG.warn("kube request {} failed", ex.getRequestURI(), e);
            send(ex, 500, "application/json", Json.write(new ApiException(500, "InternalError", String.valueOf(e.getMessage()), null).status()));
        }
    }

    private KubeApi.Answer serve(SimCluster c, HttpExchange ex, String path, byte[] body, long now) {
        if (!c.apiUp) {
            ApiException e = new ApiException(503, "ServiceUnavailable", "the server is currently unable to handle the request", null);
            return KubeApi.Answer.json(503, e.status());
        }
        switch (path) {
            case "/healthz", "/readyz", "/livez" -> {
                return new KubeApi.Answer(200, "text/plain; charset=utf-8", "ok");
            }
            case "/version", "/version/" -> {
                return KubeApi.Answer.json(200, KubeApi.version(c));
            }
            case "/openapi/v2" -> {
                // An empty OpenAPI v2 document (zero-length protobuf): kubectl then finds no schema for a kind, skips
                // client-side validation and falls back to its compiled-in types for strategic merge patches.
                return new KubeApi.Answer(200, "application/com.github.proto-openapi.spec.v2.v1.0+protobuf", "");
            }
            default -> { }
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        TokenReviewer.Subject who;
        if (auth == null || auth.isBlank()) {
            who = new TokenReviewer.Subject("system:anonymous", "", List.of("system:unauthenticated"), Map.of());
        } else {
            String token = auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : "";
            var s = reviewer.review(c, token, now);
            if (s.isEmpty()) return KubeApi.Answer.json(401, ApiException.unauthorized().status());
            who = s.get();
        }
        Map<String, String> query = new LinkedHashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int eq = kv.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
                query.put(k, v);
            }
        }
        KubeApi api = new KubeApi("127.0.0.1:" + (c.apiPort > 0 ? c.apiPort : port()));
        return api.serve(c, who, new KubeApi.Request(ex.getRequestMethod(), path, query,
                ex.getRequestHeaders().getFirst("Accept"), ex.getRequestHeaders().getFirst("Content-Type"), body), now);
    }

    private static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.getResponseHeaders().set("Cache-Control", "no-cache, private");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
