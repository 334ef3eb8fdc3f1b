package io.kopsauth.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.kopsauth.json.Json;
import io.kopsauth.sandbox.aws.AwsEmulator;
import io.kopsauth.sandbox.aws.StateFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox process: the AWS emulator on one loopback port, the control endpoints under {@code /_sandbox/},
 * and every {@link SandboxComponent} found by {@link ServiceLoader}. {@code kopsauth sandbox up} starts it in the
 * background ({@link #main}); tests start it in-process ({@link #start}).
 */
public final class SandboxServer {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxServer.class);

    /**
     * How to start.
     *
     * @param port         preferred port (0: reuse the last one if free, else any free port)
     * @param throttleRate share of AWS requests throttled
     * @param errorRate    share of AWS requests failed with a 5xx
     * @param latencyMs    latency added to every AWS request
     * @param settings     knobs handed to the components (e.g. "bootSeconds")
     * @param components   whether to load the ServiceLoader components
     */
    public record Options(int port, double throttleRate, double errorRate, long latencyMs, Map<String, String> settings,
                          boolean components) {
        public static Options defaults() {
            return new Options(0, 0, 0, 0, Map.of(), true);
        }
    }

    private final SandboxHome home;
    private final HttpServer http;
    private final ExecutorService executor;
    private final AwsEmulator aws;
    private final URI endpoint;
    private final List<SandboxComponent> components = new ArrayList<>();
    private final Map<String, String> settings;

    private SandboxServer(SandboxHome home, HttpServer http, ExecutorService executor, AwsEmulator aws, Map<String, String> settings) {
        this.home = home;
        this.http = http;
        this.executor = executor;
        this.aws = aws;
        this.settings = Map.copyOf(settings);
        this.endpoint = URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    /**
     * Starts a sandbox serving the state under {@code home}, writes its files (the pid file last, naming this
     * process, once it answers), and returns it running; {@link #stop()} removes the pid file again.
     */
    public static SandboxServer start(SandboxHome home, Options options) throws IOException {
        Files.createDirectories(home.root());
        HttpServer http = bind(options.port() > 0 ? options.port() : previousPort(home));
        AwsEmulator aws = new AwsEmulator(home.awsState(), Clock.systemUTC());
        aws.faults().set(options.throttleRate(), options.errorRate(), options.latencyMs());
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "sandbox-http");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(executor);
        SandboxServer s = new SandboxServer(home, http, executor, aws, options.settings());
        http.createContext("/", aws);
        http.createContext("/_sandbox/", s::control);
        http.start();
        s.writeAwsFiles();
        if (options.components()) {
            for (SandboxComponent c : ServiceLoader.load(SandboxComponent.class)) {
                try {
                    c.start(s.runtimeFor(c));
                    s.components.add(c);
                    LOG.info("started component {}", c.name());
                } catch (Exception e) {
                    s.stop();
                    throw new IOException("sandbox component " + c.name() + " failed to start: " + e.getMessage(), e);
                }
            }
        }
        s.writeEndpoints();
        StateFiles.write(home.pidFile(), (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8));
        LOG.info("sandbox serving AWS at {}", s.endpoint);
        return s;
    }

    private static int previousPort(SandboxHome home) {
        try {
            Map<String, Object> e = StateFiles.readJson(home.endpointsFile());
            return e != null && e.get("port") instanceof Number n ? n.intValue() : 0;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static HttpServer bind(int preferred) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        if (preferred > 0) {
            try {
                return HttpServer.create(new InetSocketAddress(loopback, preferred), 64);
            } catch (BindException e) {
                LOG.info("port {} is taken; choosing another", preferred);
            }
        }
        return HttpServer.create(new InetSocketAddress(loopback, 0), 64);
    }

    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    public AwsEmulator aws() {
        return aws;
    }

    public SandboxHome home() {
        return home;
    }

    /** Stops the components, the HTTP server and the emulator (flushing state). */
    public synchronized void stop() {
        for (int i = components.size() - 1; i >= 0; i--) {
            try {
                components.get(i).stop();
            } catch (RuntimeException e) {
                LOG.warn("component {} failed to stop", components.get(i).name(), e);
            }
        }
        components.clear();
        http.stop(0);
        executor.shutdownNow();
        aws.close();
        try {
            String p = Files.isRegularFile(home.pidFile()) ? Files.readString(home.pidFile()).trim() : "";
            if (p.equals(String.valueOf(ProcessHandle.current().pid()))) Files.deleteIfExists(home.pidFile());
        } catch (IOException e) {
            LOG.warn("cannot remove {}", home.pidFile(), e);
        }
    }

    private SandboxRuntime runtimeFor(SandboxComponent c) {
        Path stateDir = home.state().resolve(c.name());
        return new SandboxRuntime() {
            @Override
            public Path stateDir() {
                return stateDir;
            }

            @Override
            public io.kopsauth.sandbox.AwsBackdoor aws() {
                return aws;
            }

            @Override
            public URI awsEndpoint() {
                return endpoint;
            }

            @Override
            public String accountId() {
                return AwsEmulator.ACCOUNT;
            }

            @Override
            public Map<String, String> settings() {
                return settings;
            }

            @Override
            public void mount(String pathPrefix, HttpHandler handler) {
                if (!pathPrefix.startsWith("/_sandbox/")) {
                    throw new IllegalArgumentException("component paths must start with /_sandbox/: " + pathPrefix);
                }
                http.createContext(pathPrefix, handler);
            }
        };
    }

    private void writeAwsFiles() throws IOException {
        AwsEmulator.SeededKey a = aws.admin();
        AwsEmulator.SeededKey f = aws.foreign();
        String config = "# Written by the kopsauth sandbox; overwritten at every start.\n"
                + "[profile " + SandboxHome.PROFILE + "]\nregion = " + SandboxHome.REGION + "\nendpoint_url = " + endpoint + "\noutput = json\n\n"
                + "[profile " + SandboxHome.FOREIGN_PROFILE + "]\nregion = " + SandboxHome.REGION + "\nendpoint_url = " + endpoint + "\noutput = json\n";
        String creds = "# Written by the kopsauth sandbox; these keys work only against it.\n"
                + "[" + SandboxHome.PROFILE + "]\naws_access_key_id = " + a.accessKeyId() + "\naws_secret_access_key = " + a.secretAccessKey() + "\n\n"
                + "[" + SandboxHome.FOREIGN_PROFILE + "]\naws_access_key_id = " + f.accessKeyId() + "\naws_secret_access_key = " + f.secretAccessKey() + "\n";
        StateFiles.write(home.awsConfig(), config.getBytes(StandardCharsets.UTF_8));
        StateFiles.write(home.awsCredentials(), creds.getBytes(StandardCharsets.UTF_8));
        try {
            Files.setPosixFilePermissions(home.awsCredentials(), PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // Not a POSIX file system.
        }
    }

    /** The endpoints file's content. */
    public Map<String, Object> endpoints() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("aws", endpoint.toString());
        m.put("port", port());
        m.put("region", SandboxHome.REGION);
        m.put("account", AwsEmulator.ACCOUNT);
        m.put("profile", SandboxHome.PROFILE);
        m.put("foreignProfile", SandboxHome.FOREIGN_PROFILE);
        m.put("foreignAccount", AwsEmulator.FOREIGN_ACCOUNT);
        m.put("awsConfigFile", home.awsConfig().toString());
        m.put("awsCredentialsFile", home.awsCredentials().toString());
        m.put("stateDir", home.state().toString());
        m.put("pid", ProcessHandle.current().pid());
        for (SandboxComponent c : components) m.putAll(c.endpoints());
        return m;
    }

    private void writeEndpoints() {
        StateFiles.writeJson(home.endpointsFile(), endpoints());
    }

    /** What exists: the emulator's buckets and roles, every component's status, the fault settings. */
    public Map<String, Object> status() {
        Map<String, Object> comps = new LinkedHashMap<>();
        for (SandboxComponent c : components) {
            try {
                comps.put(c.name(), c.status());
            } catch (RuntimeException e) {
                comps.put(c.name(), Json.obj("error", String.valueOf(e.getMessage())));
            }
        }
        return Json.obj("running", true, "endpoints", endpoints(), "aws", aws.status(), "faults", aws.faults().toJson(),
                "components", comps);
    }

    /** Wipes all state (emulator and components); the seeded keys stay. */
    public synchronized void reset() throws Exception {
        aws.reset();
        for (SandboxComponent c : components) c.reset();
    }

    private void control(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            int status = 200;
            Object body;
            try {
                switch (path) {
                    case "/_sandbox/health" -> body = Json.obj("ok", true, "pid", ProcessHandle.current().pid(), "aws", endpoint.toString());
                    case "/_sandbox/status" -> body = status();
                    case "/_sandbox/faults" -> {
                        if (method.equals("POST")) {
                            Map<String, Object> in = Json.parseObject(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                            var f = aws.faults();
                            f.set(num(in, "throttleRate", f.throttleRate()), num(in, "errorRate", f.errorRate()),
                                    (long) num(in, "latencyMs", f.latencyMs()));
                            LOG.info("faults set to {}", f.toJson());
                        }
                        body = aws.faults().toJson();
                    }
                    case "/_sandbox/reset" -> {
                        if (!method.equals("POST")) {
                            status = 405;
                            body = Json.obj("error", "use POST");
                        } else {
                            reset();
                            body = Json.obj("reset", true);
                        }
                    }
                    default -> {
                        status = 404;
                        body = Json.obj("error", "no such control endpoint: " + path);
                    }
                }
            } catch (IllegalArgumentException | Json.JsonException e) {
                status = 400;
                body = Json.obj("error", e.getMessage());
            } catch (Exception e) {
                LOG.warn("control request {} failed", path, e);
                status = 500;
                body = Json.obj("error", String.valueOf(e.getMessage()));
            }
            byte[] bytes = (Json.pretty(body) + "\n").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static double num(Map<String, Object> m, String k, double dflt) {
        Object v = m.get(k);
        if (v == null) return dflt;
        if (v instanceof Number n) return n.doubleValue();
        throw new IllegalArgumentException(k + " must be a number");
    }

    /**
     * Runs the sandbox until SIGTERM: {@code --home DIR [--port N] [--throttle-rate R] [--error-rate R]
     * [--latency-ms N] [--setting KEY=VALUE]...}.
     */
    public static void main(String[] args) throws Exception {
        Path homeDir = null;
        int port = 0;
        double throttle = 0;
        double error = 0;
        long latency = 0;
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--home" -> { homeDir = Path.of(v); i++; }
                case "--port" -> { port = Integer.parseInt(v); i++; }
                case "--throttle-rate" -> { throttle = Double.parseDouble(v); i++; }
                case "--error-rate" -> { error = Double.parseDouble(v); i++; }
                case "--latency-ms" -> { latency = Long.parseLong(v); i++; }
                case "--setting" -> {
                    int eq = v.indexOf('=');
                    settings.put(v.substring(0, eq), v.substring(eq + 1));
                    i++;
                }
                default -> throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        if (homeDir == null) throw new IllegalArgumentException("--home DIR is required");
        SandboxHome home = new SandboxHome(homeDir.toAbsolutePath());
        SandboxServer server = start(home, new Options(port, throttle, error, latency, settings, true));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping");
            server.stop();
            stopped.countDown();
        }, "sandbox-shutdown"));
        stopped.await();
    }
}
