package io.kopsauth.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A fresh shell for the end-to-end tests: a temporary directory with its own HOME ({@code home/}) and
 * KOPSAUTH_HOME ({@code kopsauth/}), and an environment with nothing of this JVM's but PATH and JAVA_HOME (no AWS
 * variables at all). It runs the real launcher and the real tools as child processes.
 */
public final class FreshShell {
    /** A finished process: exit code, standard output, standard error. */
    public record Run(int code, String out, String err) {}

    private final Path dir;
    private final Path project = Path.of(System.getProperty("kopsauth.project", ".")).toAbsolutePath();
    private final Map<String, String> base;

    private FreshShell(Path dir, Map<String, String> base) {
        this.dir = dir;
        this.base = base;
    }

    /** A new shell in a new temporary directory; {@code extraEnv} is added to every process's environment. */
    public static FreshShell create(String prefix, Map<String, String> extraEnv) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        Files.createDirectories(dir.resolve("home"));
        Map<String, String> env = new HashMap<>();
        env.put("HOME", dir.resolve("home").toString());
        env.put("KOPSAUTH_HOME", dir.resolve("kopsauth").toString());
        env.put("PATH", System.getenv("PATH"));
        if (System.getenv("JAVA_HOME") != null) env.put("JAVA_HOME", System.getenv("JAVA_HOME"));
        env.putAll(extraEnv);
        return new FreshShell(dir, Map.copyOf(env));
    }

    public Path dir() {
        return dir;
    }

    /** The environment every process gets. */
    public Map<String, String> env() {
        return base;
    }

    /** {@code ~/.kube/config} of this shell's HOME. */
    public Path kubeconfig() {
        return dir.resolve("home").resolve(".kube").resolve("config");
    }

    /** The launcher's command line with these arguments. */
    public List<String> launcher(String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(project.resolve("scripts").resolve("kopsauth").toString());
        argv.addAll(List.of(args));
        return argv;
    }

    /**
     * Runs {@code argv} with this shell's environment plus {@code extraEnv}; standard input is {@code stdin}, or
     * /dev/null when it is null.
     */
    public Run exec(Map<String, String> extraEnv, String stdin, List<String> argv) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().clear();
        pb.environment().putAll(base);
        pb.environment().putAll(extraEnv);
        if (stdin == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        } else {
            Path in = Files.createTempFile(dir, "in", ".txt");
            Files.writeString(in, stdin);
            pb.redirectInput(in.toFile());
        }
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(20, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("did not finish: " + argv);
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Runs the launcher: {@code kopsauth ARGS}. */
    public Run kopsauth(Map<String, String> extraEnv, String stdin, String... args) throws IOException, InterruptedException {
        return exec(extraEnv, stdin, launcher(args));
    }

    /** The variables of {@code kopsauth sandbox env}'s {@code export NAME='value'} lines. */
    public static Map<String, String> parseExports(String text) {
        Map<String, String> env = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^export ([A-Z0-9_]+)='((?:[^']|'\\\\'')*)'$").matcher(text);
        while (m.find()) env.put(m.group(1), m.group(2).replace("'\\''", "'"));
        return env;
    }

    /** Stops the sandbox this shell may have started and deletes the directory. */
    public void close() throws IOException, InterruptedException {
        kopsauth(Map.of(), null, "sandbox", "down");
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
