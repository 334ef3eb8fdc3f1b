package io.kopsauth.sandbox.aws;

import com.sun.net.httpserver.HttpServer;
import io.kopsauth.aws.AwsClients;
import io.kopsauth.aws.AwsSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.Executors;

/** An emulator on its own loopback port with a clock the test moves (for expiry and skew), in a temp dir. */
final class ClockedEmulator implements AutoCloseable {
    /** A clock that stands still until moved. */
    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final MovableClock clock = new MovableClock();
    final Path dir;
    final AwsEmulator emulator;
    final HttpServer http;

    ClockedEmulator() {
        try {
            dir = Files.createTempDirectory("kopsauth-emulator-");
            emulator = new AwsEmulator(dir, clock);
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        http.setExecutor(Executors.newCachedThreadPool());
        http.createContext("/", emulator);
        http.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    AwsClients clients(String akid, String secret, String token) {
        var env = new java.util.HashMap<String, String>(Map.of("AWS_ACCESS_KEY_ID", akid, "AWS_SECRET_ACCESS_KEY", secret,
                "AWS_REGION", "us-west-1", "AWS_ENDPOINT_URL", endpoint().toString(), "HOME", dir.toString(),
                "AWS_CONFIG_FILE", dir.resolve("none").toString(), "AWS_SHARED_CREDENTIALS_FILE", dir.resolve("none").toString()));
        if (token != null) env.put("AWS_SESSION_TOKEN", token);
        return new AwsClients(AwsSettings.resolve(null, null, env));
    }

    AwsClients admin() {
        return clients(emulator.admin().accessKeyId(), emulator.admin().secretAccessKey(), null);
    }

    @Override
    public void close() {
        http.stop(0);
        emulator.close();
        StateFiles.deleteTree(dir);
    }
}
