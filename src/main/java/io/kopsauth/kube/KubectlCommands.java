package io.kopsauth.kube;

import io.kopsauth.exec.Cmd;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Builds every kubectl command line kopsauth runs, in one place. */
public final class KubectlCommands {
    private KubectlCommands() {}

    private static List<String> base(Kubectl.Target t) {
        List<String> a = new ArrayList<>(List.of("kubectl", "--kubeconfig", t.kubeconfig().toString()));
        if (t.context() != null) a.addAll(List.of("--context", t.context()));
        return a;
    }

    private static Cmd read(List<String> argv) {
        return Cmd.of(argv).asReadOnly().withTimeout(Duration.ofSeconds(60));
    }

    private static List<String> with(Kubectl.Target t, String... more) {
        List<String> a = base(t);
        a.addAll(List.of(more));
        return a;
    }

    /**
     * {@code get --raw <prefix>/healthz}: kubectl sends a raw path as is, without the server URL's own path, so an
     * API server behind a path prefix (a proxy, the sandbox) needs the prefix spelled out.
     */
    public static Cmd healthz(Kubectl.Target t, String serverPathPrefix) {
        return read(with(t, "get", "--raw", serverPathPrefix + "/healthz", "--request-timeout", "5s"))
                .withTimeout(Duration.ofSeconds(20));
    }

    /** The path part of a server URL without a trailing slash ("" for {@code https://api.example.com}). */
    public static String pathPrefix(String serverUrl) {
        String p = java.net.URI.create(serverUrl).getRawPath();
        if (p == null) return "";
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    public static Cmd apply(Kubectl.Target t, String yaml) {
        return Cmd.of(with(t, "apply", "-f", "-")).withStdin(yaml).withTimeout(Duration.ofMinutes(2));
    }

    public static Cmd list(Kubectl.Target t, String resource, String namespace, String selector) {
        List<String> a = with(t, "get", resource);
        if (namespace != null) a.addAll(List.of("-n", namespace));
        if (selector != null) a.addAll(List.of("-l", selector));
        a.addAll(List.of("-o", "json"));
        return read(a);
    }

    public static Cmd get(Kubectl.Target t, String resource, String namespace, String name) {
        List<String> a = with(t, "get", resource, name);
        if (namespace != null) a.addAll(List.of("-n", namespace));
        a.addAll(List.of("-o", "json", "--ignore-not-found"));
        return read(a);
    }

    public static Cmd delete(Kubectl.Target t, String resource, String namespace, String name) {
        List<String> a = with(t, "delete", resource, name);
        if (namespace != null) a.addAll(List.of("-n", namespace));
        a.add("--ignore-not-found");
        return Cmd.of(a).withTimeout(Duration.ofMinutes(2));
    }

    public static Cmd deletePods(Kubectl.Target t, String namespace, String selector) {
        return Cmd.of(with(t, "delete", "pods", "-n", namespace, "-l", selector, "--wait=false")).withTimeout(Duration.ofMinutes(2));
    }

    public static Cmd nodes(Kubectl.Target t) {
        return read(with(t, "get", "nodes"));
    }

    public static Cmd whoami(Kubectl.Target t) {
        return read(with(t, "auth", "whoami", "-o", "json"));
    }

    public static Cmd canI(Kubectl.Target t, String verb, String resource) {
        return read(with(t, "auth", "can-i", verb, resource));
    }
}
