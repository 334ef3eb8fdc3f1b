package io.kopsauth.support;

import io.kopsauth.sandbox.SandboxHome;
import io.kopsauth.sandbox.SandboxServer;
import io.kopsauth.sandbox.aws.AwsEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Test fixture: "AWS worlds" to run the same test against both the sandbox's AWS emulator and moto (an independent
 * emulator, issue 7 §6), so that ours cannot drift from an implementation nobody here wrote.
 *
 * <p>Use it as a parameter source:
 * <pre>{@code
 * @ParameterizedTest(name = "{0}")
 * @MethodSource("io.kopsauth.support.AwsWorlds#all")
 * void createsABucket(AwsWorld world) {
 *     AwsClients aws = world.clients();            // SDK clients as kopsauth builds them
 *     aws.s3().createBucket(...);
 *     Cmd.of("aws", "s3api", ...) with world.env()  // or the AWS CLI as a child process
 * }
 * }</pre>
 * {@link #sandbox()} is an in-process {@link SandboxServer} (no components) on a free loopback port with a
 * temporary home, signed with the seeded keys through the profile files it writes; {@link #moto()} is
 * {@code python3 -m moto.server -H 127.0.0.1 -p <free port>} with dummy keys (moto accepts any credentials and
 * checks no signature; its account is 123456789012). Both start on first use, are shared by every test of the JVM
 * run (so give resources unique names, e.g. {@link #unique(String)}) and are stopped by a shutdown hook. Only
 * {@link #sandbox()} has a second account ({@link #foreignEnv()}). moto must be installed: a missing moto fails
 * the test rather than skipping it.
 */
public final class AwsWorlds {
    private static AwsWorld sandboxWorld;
    private static SandboxServer sandboxServer;
    private static Path sandboxRoot;
    private static AwsWorld motoWorld;
    private static Process moto;

    private AwsWorlds() {}

    /** Both worlds, sandbox first. */
    public static Stream<AwsWorld> all() {
        return Stream.of(sandbox(), moto());
    }

    /** A bucket/role name unique to this run: {@code prefix-<8 hex>}. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The in-process sandbox emulator world (account 111122223333, region us-west-1). */
    public static synchronized AwsWorld sandbox() {
        if (sandboxWorld == null) {
            try {
                sandboxRoot = Files.createTempDirectory("kopsauth-world-");
                sandboxServer = SandboxServer.start(new SandboxHome(sandboxRoot.resolve("sandbox")),
                        new SandboxServer.Options(0, 0, 0, 0, Map.of(), false));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            sandboxWorld = new AwsWorld("sandbox", sandboxServer.endpoint(), AwsEmulator.ACCOUNT,
                    profileEnv(sandboxServer, SandboxHome.PROFILE));
            Runtime.getRuntime().addShutdownHook(new Thread(AwsWorlds::stopSandbox));
        }
        return sandboxWorld;
    }

    /** The sandbox server behind {@link #sandbox()} (for its backdoor, faults and seeded keys). */
    public static synchronized SandboxServer sandboxServer() {
        sandbox();
        return sandboxServer;
    }

    /** Environment for the sandbox's second account (444455556666), through the foreign profile. */
    public static Map<String, String> foreignEnv() {
        return profileEnv(sandboxServer(), SandboxHome.FOREIGN_PROFILE);
    }

    private static Map<String, String> profileEnv(SandboxServer s, String profile) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", sandboxRoot.toString());
        env.put("AWS_CONFIG_FILE", s.home().awsConfig().toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", s.home().awsCredentials().toString());
        env.put("AWS_PROFILE", profile);
        env.put("AWS_REGION", SandboxHome.REGION);
        env.put("AWS_DEFAULT_REGION", SandboxHome.REGION);
        env.put("AWS_ENDPOINT_URL", s.endpoint().toString());
        env.put("S3_ENDPOINT", s.endpoint().toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        return Map.copyOf(env);
    }

    /** A moto server process (account 123456789012, region us-west-1, any keys). */
    public static synchronized AwsWorld moto() {
        if (motoWorld == null) {
            int port = freePort();
            Path home;
            try {
                home = Files.createTempDirectory("kopsauth-moto-");
                ProcessBuilder pb = new ProcessBuilder("python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", String.valueOf(port));
                // AWS-managed policies (arn:aws:iam::aws:policy/…) exist in moto only when asked for.
                pb.environment().put("MOTO_IAM_LOAD_MANAGED_POLICIES", "true");
                moto = pb.redirectErrorStream(true)
                        .redirectOutput(home.resolve("moto.log").toFile())
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start moto (python3 -m moto.server); is moto installed?", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(AwsWorlds::stopMoto));
            waitForPort(port, home.resolve("moto.log"));
            Map<String, String> env = new LinkedHashMap<>();
            env.put("HOME", home.toString());
            env.put("AWS_CONFIG_FILE", home.resolve("none-config").toString());
            env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("none-credentials").toString());
            env.put("AWS_ACCESS_KEY_ID", "AKIAMOTOTESTING00001");
            env.put("AWS_SECRET_ACCESS_KEY", "motoTestingSecretKey0000000000000000000000");
            env.put("AWS_REGION", "us-west-1");
            env.put("AWS_DEFAULT_REGION", "us-west-1");
            env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + port);
            env.put("S3_ENDPOINT", "http://127.0.0.1:" + port);
            env.put("AWS_EC2_METADATA_DISABLED", "true");
            motoWorld = new AwsWorld("moto", URI.create("http://127.0.0.1:" + port), "123456789012", Map.copyOf(env));
        }
        return motoWorld;
    }

    private static void waitForPort(int port, Path log) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!moto.isAlive()) {
                String out;
                try {
                    out = Files.readString(log);
                } catch (IOException e) {
                    out = "";
                }
                throw new IllegalStateException("moto exited with " + moto.exitValue() + ": " + out);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalStateException("moto did not listen on port " + port + " within 60s");
    }

    /** A free loopback port. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized void stopSandbox() {
        if (sandboxServer != null) sandboxServer.stop();
        if (sandboxRoot != null) io.kopsauth.sandbox.aws.StateFiles.deleteTree(sandboxRoot);
    }

    private static synchronized void stopMoto() {
        if (moto != null) {
            moto.destroy();
            try {
                moto.waitFor();
            } catch (InterruptedException e) {
                moto.destroyForcibly();
            }
        }
    }
}
