package io.kopsauth.exec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One child-process invocation: an argument array (never a shell string), extra environment, optional stdin,
 * a timeout, and which arguments are secret so that {@link #display()} can be logged and shown safely.
 *
 * @param argv        program and arguments
 * @param env         variables added to (or overriding) the inherited environment; a null value removes one
 * @param stdin       text written to the child's standard input, or null
 * @param timeout     how long the child may run
 * @param readOnly    true if the command only reads (dry-run may execute read-only commands)
 * @param secretArgs  indexes into argv whose values must never be logged
 * @param workDir     working directory, or null for the current one
 */
public record Cmd(List<String> argv, Map<String, String> env, String stdin, Duration timeout, boolean readOnly,
                  Set<Integer> secretArgs, Path workDir) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    public Cmd {
        argv = List.copyOf(argv);
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        secretArgs = Set.copyOf(secretArgs);
    }

    public static Cmd of(String... argv) {
        return new Cmd(List.of(argv), Map.of(), null, DEFAULT_TIMEOUT, false, Set.of(), null);
    }

    public static Cmd of(List<String> argv) {
        return new Cmd(argv, Map.of(), null, DEFAULT_TIMEOUT, false, Set.of(), null);
    }

    public String program() {
        return argv.get(0);
    }

    public Cmd withEnv(String name, String value) {
        Map<String, String> e = new LinkedHashMap<>(env);
        e.put(name, value);
        return new Cmd(argv, e, stdin, timeout, readOnly, secretArgs, workDir);
    }

    public Cmd withEnv(Map<String, String> more) {
        Map<String, String> e = new LinkedHashMap<>(env);
        e.putAll(more);
        return new Cmd(argv, e, stdin, timeout, readOnly, secretArgs, workDir);
    }

    public Cmd withStdin(String text) {
        return new Cmd(argv, env, text, timeout, readOnly, secretArgs, workDir);
    }

    public Cmd withTimeout(Duration t) {
        return new Cmd(argv, env, stdin, t, readOnly, secretArgs, workDir);
    }

    public Cmd asReadOnly() {
        return new Cmd(argv, env, stdin, timeout, true, secretArgs, workDir);
    }

    public Cmd withWorkDir(Path dir) {
        return new Cmd(argv, env, stdin, timeout, readOnly, secretArgs, dir);
    }

    /** Appends an argument whose value is secret (shown as {@code ****}). */
    public Cmd withSecretArg(String value) {
        List<String> a = new ArrayList<>(argv);
        a.add(value);
        Set<Integer> s = new TreeSet<>(secretArgs);
        s.add(a.size() - 1);
        return new Cmd(a, env, stdin, timeout, readOnly, s, workDir);
    }

    /** The command line as a user could type it (POSIX-quoted), secrets redacted. */
    public String display() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < argv.size(); i++) {
            if (i > 0) sb.append(' ');
            sb.append(secretArgs.contains(i) ? "****" : shellQuote(argv.get(i)));
        }
        return sb.toString();
    }

    /** Quotes one word for a POSIX shell, only when needed. */
    public static String shellQuote(String s) {
        if (!s.isEmpty() && s.matches("[A-Za-z0-9_@%+=:,./-]+")) return s;
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }
}
