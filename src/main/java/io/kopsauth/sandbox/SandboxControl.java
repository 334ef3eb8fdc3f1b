package io.kopsauth.sandbox;

import io.kopsauth.App;
import io.kopsauth.cli.CliException;
import io.kopsauth.json.Json;
import io.kopsauth.sandbox.aws.StateFiles;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts, stops, inspects and resets the background sandbox process, and computes the environment that points
 * AWS SDKs, the AWS CLI and kops at it. {@code kopsauth sandbox …} and {@code setup --sandbox} / {@code tutorial}
 * (through {@link #ensureUp(App)}) share these rules.
 */
public final class SandboxControl {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    /** Options of {@code sandbox up}; null values mean "the default" (no faults). */
    public record UpOptions(Integer bootSeconds, Double throttleRate, Double errorRate, Long latencyMs) {
        public static UpOptions defaults() {
            return new UpOptions(null, null, null, null);
        }

        boolean hasFaults() {
            return throttleRate != null || errorRate != null || latencyMs != null;
        }
    }

    /** The outcome of {@link #up}: whether it was already running, and its endpoints. */
    public record UpResult(boolean alreadyRunning, long pid, Map<String, Object> endpoints) {}

    private final App app;
    private final SandboxHome home;

    public SandboxControl(App app) {
        this.app = app;
        this.home = new SandboxHome(app.home().sandbox());
    }

    public SandboxHome home() {
        return home;
    }

    /** Starts the sandbox unless it runs, and returns exactly the environment {@code kopsauth sandbox env} prints. */
    public static Map<String, String> ensureUp(App app) {
        SandboxControl c = new SandboxControl(app);
        c.up(UpOptions.defaults());
        return c.env();
    }

    /**
     * The running server's pid, or empty if it is not running: the pid file must name a live process that answers
     * on the recorded endpoint with that same pid (so a stale file or a reused pid is ignored).
     */
    public Optional<Long> runningPid() {
        Optional<Long> pid = pidFromFile();
        if (pid.isEmpty()) return Optional.empty();
        Optional<ProcessHandle> ph = ProcessHandle.of(pid.get());
        if (ph.isEmpty() || !ph.get().isAlive()) return Optional.empty();
        try {
            Object answered = Json.parseObject(call("GET", "/_sandbox/health", null)).get("pid");
            return answered instanceof Number n && n.longValue() == pid.get() ? pid : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The pid in the pid file of a live process, whether or not it answers yet. */
    private Optional<Long> livePid() {
        return pidFromFile().filter(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false));
    }

    private Optional<Long> pidFromFile() {
        try {
            if (!Files.isRegularFile(home.pidFile())) return Optional.empty();
            return Optional.of(Long.parseLong(Files.readString(home.pidFile()).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The endpoints file, or null if the sandbox never ran. */
    public Map<String, Object> endpoints() {
        return StateFiles.readJson(home.endpointsFile());
    }

    /** The AWS (and control) endpoint URL from the endpoints file. */
    public String awsEndpoint() {
        Map<String, Object> e = endpoints();
        return e == null ? null : (String) e.get("aws");
    }

    /** Starts the server in the background unless it is running; waits until it answers. */
    public UpResult up(UpOptions o) {
        Optional<Long> running = runningPid();
        if (running.isPresent()) {
            if (o.hasFaults()) setFaults(o.throttleRate(), o.errorRate(), o.latencyMs());
            return new UpResult(true, running.get(), endpoints());
        }
        Optional<Long> stuck = livePid();
        if (stuck.isPresent() && ProcessHandle.of(stuck.get()).flatMap(h -> h.info().commandLine())
                .map(c -> c.contains(SandboxServer.class.getName())).orElse(false)) {
            // A sandbox process that does not answer: stop it and start afresh.
            stop(stuck.get());
        }
        try {
            Files.createDirectories(home.root());
            Files.deleteIfExists(home.pidFile());
        } catch (IOException e) {
            throw CliException.failed("cannot prepare " + home.root() + ": " + e.getMessage());
        }
        List<String> argv = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute()) {
            // A session of its own: Ctrl-C in the terminal that started it does not reach the server.
            argv.add("/usr/bin/setsid");
        }
        argv.add(javaBinary());
        argv.addAll(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss1m", "-Xmx512m",
                "-Dfile.encoding=UTF-8", "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSSZ",
                "-cp", serverClassPath(), SandboxServer.class.getName(), "--home", home.root().toString()));
        if (o.throttleRate() != null) argv.addAll(List.of("--throttle-rate", String.valueOf(o.throttleRate())));
        if (o.errorRate() != null) argv.addAll(List.of("--error-rate", String.valueOf(o.errorRate())));
        if (o.latencyMs() != null) argv.addAll(List.of("--latency-ms", String.valueOf(o.latencyMs())));
        if (o.bootSeconds() != null) argv.addAll(List.of("--setting", "bootSeconds=" + o.bootSeconds()));
        // A daemon outlives this command, so it is started directly rather than through the ProcessRunner port
        // (which runs children to completion); still an argv array, never a shell string.
        ProcessBuilder pb = new ProcessBuilder(argv)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.log().toFile()))
                .redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(app.env());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw CliException.failed("cannot start the sandbox server: " + e.getMessage());
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            // setsid normally execs in place (same pid); if it forks, it exits 0 and the server writes its own pid.
            if (!p.isAlive() && p.exitValue() != 0) {
                throw CliException.failed("the sandbox server exited with code " + p.exitValue() + " while starting",
                        "see " + home.log() + ":\n" + tail(home.log(), 15));
            }
            Optional<Long> pid = runningPid();
            if (pid.isPresent()) {
                return new UpResult(false, pid.get(), endpoints());
            }
            sleep(100);
        }
        p.destroy();
        throw CliException.failed("the sandbox server did not answer within " + START_TIMEOUT.toSeconds() + "s",
                "see " + home.log());
    }

    /** Stops the server (SIGTERM, then a forced kill if it does not exit); returns false if it was not running. */
    public boolean down() {
        Optional<Long> pid = runningPid();
        if (pid.isEmpty()) {
            try {
                Files.deleteIfExists(home.pidFile());
            } catch (IOException ignored) {
                // Nothing to clean.
            }
            return false;
        }
        stop(pid.get());
        return true;
    }

    private void stop(long pid) {
        ProcessHandle.of(pid).ifPresent(ph -> {
            ph.destroy();
            try {
                ph.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                ph.destroyForcibly();
            }
        });
        try {
            Files.deleteIfExists(home.pidFile());
        } catch (IOException ignored) {
            // Already gone.
        }
    }

    /** Wipes all state; through the server when it runs, else on disk. The seeded keys stay. */
    public void reset() {
        if (runningPid().isPresent()) {
            call("POST", "/_sandbox/reset", "{}");
            return;
        }
        Path keys = home.awsState().resolve("keys.json");
        byte[] saved = null;
        try {
            if (Files.isRegularFile(keys)) saved = Files.readAllBytes(keys);
        } catch (IOException e) {
            throw CliException.failed("cannot read " + keys + ": " + e.getMessage());
        }
        StateFiles.deleteTree(home.state());
        if (saved != null) StateFiles.write(keys, saved);
    }

    /** The running server's status document ({@code running: false} when stopped). */
    public Map<String, Object> status() {
        if (runningPid().isEmpty()) {
            return Json.obj("running", false, "home", home.root().toString());
        }
        return Json.parseObject(call("GET", "/_sandbox/status", null));
    }

    /** Sets fault injection on the running server; null keeps a knob's current value. Returns the new settings. */
    public Map<String, Object> setFaults(Double throttleRate, Double errorRate, Long latencyMs) {
        requireRunning();
        String body = Json.write(Json.obj("throttleRate", throttleRate, "errorRate", errorRate, "latencyMs", latencyMs));
        return Json.parseObject(call("POST", "/_sandbox/faults", body));
    }

    private void requireRunning() {
        if (runningPid().isEmpty()) {
            throw CliException.failed("the sandbox is not running", "start it with: kopsauth sandbox up");
        }
    }

    /**
     * The environment that points AWS SDKs, the AWS CLI and kops at the sandbox, in the order
     * {@code sandbox env} prints it; PATH has the kops simulator's directory first.
     */
    public Map<String, String> env() {
        String ep = awsEndpoint();
        if (ep == null) {
            throw CliException.failed("the sandbox has never been started here (" + home.root() + ")",
                    "start it with: kopsauth sandbox up");
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_CONFIG_FILE", home.awsConfig().toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.awsCredentials().toString());
        env.put("AWS_PROFILE", SandboxHome.PROFILE);
        env.put("AWS_REGION", SandboxHome.REGION);
        env.put("AWS_DEFAULT_REGION", SandboxHome.REGION);
        env.put("AWS_ENDPOINT_URL", ep);
        env.put("S3_ENDPOINT", ep);
        env.put("KOPSAUTH_SANDBOX_URL", ep);
        String path = app.env("PATH");
        Path sim = simulatorDir();
        if (sim != null) {
            env.put("PATH", path == null ? sim.toString() : sim + File.pathSeparator + path);
        } else if (path != null) {
            env.put("PATH", path);
        }
        return env;
    }

    /** {@code <project>/scripts/sandbox}: beside the launcher, else found from the jar's location. */
    Path simulatorDir() {
        Path launcher = app.launcher();
        if (launcher != null) return launcher.getParent().resolve("sandbox");
        Path code = codeSource();
        if (code != null && code.getParent() != null && code.getParent().getParent() != null) {
            Path candidate = code.getParent().getParent().resolve("scripts").resolve("sandbox");
            if (Files.isDirectory(candidate)) return candidate;
        }
        return null;
    }

    private String call(String method, String path, String body) {
        String ep = awsEndpoint();
        if (ep == null) throw CliException.failed("the sandbox's endpoints file is missing: " + home.endpointsFile());
        try {
            HttpURLConnection c = (HttpURLConnection) new URI(ep + path).toURL().openConnection();
            c.setRequestMethod(method);
            c.setConnectTimeout(2000);
            c.setReadTimeout(30000);
            if (body != null) {
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", "application/json");
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body.getBytes(StandardCharsets.UTF_8));
                }
            }
            int status = c.getResponseCode();
            InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
            String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (status >= 400) {
                throw CliException.failed("the sandbox answered " + status + " to " + method + " " + path + ": " + text.trim());
            }
            return text;
        } catch (IOException | URISyntaxException e) {
            throw CliException.failed("cannot reach the sandbox at " + ep + ": " + e.getMessage(),
                    "check it with: kopsauth sandbox status");
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * A copy of the jar this code runs from, made for the server (a JVM loads classes from its jar lazily, so a
     * {@code mvn package} that rewrites the jar would break a long-running server at its next new class); the
     * whole class path when running from classes (tests).
     */
    private String serverClassPath() {
        Path code = codeSource();
        if (code == null || !Files.isRegularFile(code) || !code.toString().endsWith(".jar")) {
            return System.getProperty("java.class.path");
        }
        Path copy = home.serverJar();
        try {
            Path tmp = Files.createTempFile(home.root(), "server", ".jar.tmp");
            try {
                Files.copy(code, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw CliException.failed("cannot copy " + code + " to " + copy + ": " + e.getMessage(),
                    "check the free space and permissions of " + home.root());
        }
        return copy.toString();
    }

    private static Path codeSource() {
        try {
            return Path.of(SandboxServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(io.kopsauth.cli.ExitCode.INTERRUPTED, "interrupted while waiting for the sandbox");
        }
    }
}
