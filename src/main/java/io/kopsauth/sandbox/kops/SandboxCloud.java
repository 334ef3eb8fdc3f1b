package io.kopsauth.sandbox.kops;

import io.kopsauth.json.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The sandbox's stand-in for the EC2/ELB APIs real kops calls: the control endpoint
 * {@code $KOPSAUTH_SANDBOX_URL/_sandbox/clusters/<name>}, and HTTPS calls to a cluster's API with its admin token.
 */
public final class SandboxCloud {
    /** What the control endpoint says about a cluster. */
    public record ClusterInfo(String server, String caData, String adminToken, String phase, boolean apiReady, boolean booted) {}

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public SandboxCloud(Map<String, String> env) {
        String b = env.get("KOPSAUTH_SANDBOX_URL");
        if (b == null || b.isEmpty()) {
            throw new KopsException("KOPSAUTH_SANDBOX_URL is not set: the kops simulator needs the sandbox (run: eval \"$(kopsauth sandbox env)\")");
        }
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }

    private URI uri(String name) {
        return URI.create(base + "/_sandbox/clusters/" + name);
    }

    private HttpResponse<String> send(HttpRequest r) {
        try {
            return http.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new KopsException("cannot reach the sandbox at " + base + ": " + e.getMessage() + " (is it running? kopsauth sandbox up)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KopsException("interrupted");
        }
    }

    /** The cluster, or null if the sandbox has never started it. */
    public ClusterInfo get(String name) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri(name)).timeout(Duration.ofSeconds(30)).GET().build());
        if (r.statusCode() == 404) return null;
        if (r.statusCode() != 200) throw new KopsException("sandbox control endpoint: HTTP " + r.statusCode() + ": " + r.body().strip());
        return info(Json.parseObject(r.body()));
    }

    /** Creates or re-applies the cluster from its state store. */
    public ClusterInfo put(String name, String configBase, long bootSeconds, List<String> instanceGroups) {
        String body = Json.write(Json.obj("configBase", configBase, "bootSeconds", bootSeconds, "instanceGroups", instanceGroups));
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri(name)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build());
        if (r.statusCode() != 200) throw new KopsException("error applying the cluster in the sandbox: HTTP " + r.statusCode() + ": " + r.body().strip());
        return info(Json.parseObject(r.body()));
    }

    /** Removes the cluster; false if it was not there. */
    public boolean delete(String name) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri(name)).timeout(Duration.ofSeconds(30)).DELETE().build());
        return r.statusCode() == 200;
    }

    private static ClusterInfo info(Map<String, Object> j) {
        return new ClusterInfo((String) j.get("server"), (String) j.get("caData"), (String) j.get("adminToken"),
                (String) j.get("phase"), Boolean.TRUE.equals(j.get("apiReady")), Boolean.TRUE.equals(j.get("booted")));
    }

    /** An HTTPS client that trusts the cluster's CA. */
    public static HttpClient apiClient(ClusterInfo c) {
        try {
            var cf = CertificateFactory.getInstance("X.509");
            var cert = cf.generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(c.caData())));
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            ks.setCertificateEntry("ca", cert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(10)).build();
        } catch (Exception e) {
            throw new KopsException("cannot trust the cluster's CA: " + e.getMessage());
        }
    }

    /** GET {@code path} on the cluster's API as admin; returns status and body. */
    public static HttpResponse<String> apiGet(HttpClient client, ClusterInfo c, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(c.server() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + c.adminToken()).header("Accept", "application/json").GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
