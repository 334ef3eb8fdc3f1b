package io.kopsauth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.kopsauth.exec.Cmd;
import io.kopsauth.exec.ProcResult;
import io.kopsauth.exec.ZtExecProcessRunner;
import io.kopsauth.json.Json;
import io.kopsauth.support.FreshShell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kopsauth sandbox} end to end through {@code scripts/kopsauth}: up, env, the AWS CLI against it, status,
 * down, up again with the state kept, reset. Own KOPSAUTH_HOME and HOME; the server is always brought down.
 */
class SandboxCommandIT {
    @TempDir
    Path tmp;
    Path launcher;
    Map<String, String> base;

    @BeforeEach
    void setUp() {
        launcher = Path.of(System.getProperty("kopsauth.project", ".")).toAbsolutePath().resolve("scripts").resolve("kopsauth");
        base = new HashMap<>();
        base.put("KOPSAUTH_HOME", tmp.resolve("kopsauth").toString());
        base.put("HOME", tmp.toString());
        for (String k : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
                "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_ENDPOINT_URL", "AWS_REGION", "AWS_DEFAULT_REGION")) {
            base.put(k, null);
        }
    }

    @AfterEach
    void down() {
        kopsauth("sandbox", "down");
    }

    ProcResult kopsauth(String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of(launcher.toString()));
        argv.addAll(List.of(args));
        return new ZtExecProcessRunner().run(Cmd.of(argv).withEnv(base).withTimeout(Duration.ofMinutes(3)));
    }

    ProcResult ok(String... args) {
        ProcResult r = kopsauth(args);
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        return r;
    }

    ProcResult aws(Map<String, String> env, String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("aws"));
        argv.addAll(List.of(args));
        Map<String, String> e = new HashMap<>(base);
        e.putAll(env);
        return new ZtExecProcessRunner().run(Cmd.of(argv).withEnv(e));
    }

    @Test
    void upEnvAwsStatusDownUpReset() throws Exception {
        ProcResult up = ok("sandbox", "up", "--boot-seconds", "1");
        assertThat(up.stdout()).contains("sandbox started", "http://127.0.0.1:", "eval \"$(kopsauth sandbox env)\"");
        Path home = tmp.resolve("kopsauth").resolve("sandbox");
        assertThat(home.resolve("pid")).exists();
        assertThat(home.resolve("aws").resolve("credentials")).exists();
        assertThat(Files.readString(home.resolve("aws").resolve("config"))).contains("[profile kopsauth-sandbox]", "endpoint_url");
        Map<String, Object> endpoints = Json.parseObject(Files.readString(home.resolve("endpoints.json")));
        assertThat(endpoints).containsEntry("account", "111122223333").containsEntry("region", "us-west-1");

        assertThat(ok("sandbox", "up").stdout()).contains("sandbox already running");

        Map<String, String> env = FreshShell.parseExports(ok("sandbox", "env").stdout());
        assertThat(env).containsKeys("AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_PROFILE", "AWS_REGION",
                "AWS_ENDPOINT_URL", "S3_ENDPOINT", "KOPSAUTH_SANDBOX_URL", "PATH");
        assertThat(env.get("PATH")).startsWith(launcher.getParent().resolve("sandbox").toString() + ":");
        assertThat(env.get("AWS_ENDPOINT_URL")).isEqualTo(endpoints.get("aws"));

        ProcResult id = aws(env, "sts", "get-caller-identity", "--output", "json");
        assertThat(id.exitCode()).as(id.stderr()).isZero();
        assertThat(Json.parseObject(id.stdout())).containsEntry("Account", "111122223333");
        ProcResult mb = aws(env, "s3api", "create-bucket", "--bucket", "it-state-store", "--create-bucket-configuration",
                "LocationConstraint=us-west-1");
        assertThat(mb.exitCode()).as(mb.stderr()).isZero();

        assertThat(ok("sandbox", "status").stdout()).contains("running", "it-state-store");
        String json = ok("sandbox", "status", "-o", "json").stdout();
        assertThat(json).contains("\"running\": true", "\"name\": \"it-state-store\"");

        assertThat(ok("sandbox", "down").stdout()).contains("sandbox stopped");
        assertThat(home.resolve("pid")).doesNotExist();
        assertThat(ok("sandbox", "status").stdout()).contains("stopped");
        assertThat(aws(env, "sts", "get-caller-identity").exitCode()).isNotZero();

        ok("sandbox", "up");
        assertThat(FreshShell.parseExports(ok("sandbox", "env").stdout()).get("AWS_ENDPOINT_URL")).isEqualTo(env.get("AWS_ENDPOINT_URL"));
        ProcResult ls = aws(env, "s3api", "list-buckets", "--output", "json");
        assertThat(ls.exitCode()).as(ls.stderr()).isZero();
        assertThat(ls.stdout()).contains("it-state-store");

        assertThat(ok("sandbox", "reset").stdout()).contains("wiped");
        ProcResult after = aws(env, "s3api", "list-buckets", "--output", "json");
        assertThat(after.exitCode()).as(after.stderr()).isZero();
        assertThat(after.stdout()).doesNotContain("it-state-store");
        // The seeded keys survive a reset, so the loaded environment keeps working.
        assertThat(aws(env, "sts", "get-caller-identity").exitCode()).isZero();
    }

    @Test
    void rebuildingTheJarDoesNotBreakARunningSandbox() throws Exception {
        Path built = launcher.getParent().getParent().resolve("target").resolve("kopsauth.jar");
        Path jar = Files.copy(built, tmp.resolve("kopsauth.jar"));
        base.put("KOPSAUTH_JAR", jar.toString());
        ok("sandbox", "up");
        Map<String, String> env = FreshShell.parseExports(ok("sandbox", "env").stdout());
        // What 'mvn package' does to the jar of a running sandbox: rewrites it in place.
        Files.write(jar, new byte[] {0});
        base.put("KOPSAUTH_JAR", null);

        // Requests the server has not served yet, so their classes were not loaded before the jar changed.
        for (List<String> call : List.of(
                List.of("iam", "create-role", "--role-name", "Rebuilt", "--assume-role-policy-document",
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                                + "\"arn:aws:iam::111122223333:root\"},\"Action\":\"sts:AssumeRole\"}]}"),
                List.of("iam", "list-attached-role-policies", "--role-name", "Rebuilt"),
                List.of("iam", "list-role-tags", "--role-name", "Rebuilt"),
                List.of("s3api", "create-bucket", "--bucket", "rebuilt-store", "--create-bucket-configuration",
                        "LocationConstraint=us-west-1"),
                List.of("s3api", "put-bucket-versioning", "--bucket", "rebuilt-store", "--versioning-configuration",
                        "Status=Enabled"),
                List.of("s3api", "list-object-versions", "--bucket", "rebuilt-store"))) {
            ProcResult r = aws(env, call.toArray(String[]::new));
            assertThat(r.exitCode()).as(call + ": " + r.stderr()).isZero();
        }
        assertThat(Files.readString(tmp.resolve("kopsauth").resolve("sandbox").resolve("server.log")))
                .doesNotContain("NoClassDefFoundError");
    }

    @Test
    void resetWorksWhileStopped() throws Exception {
        ok("sandbox", "up");
        Map<String, String> env = FreshShell.parseExports(ok("sandbox", "env").stdout());
        assertThat(aws(env, "s3api", "create-bucket", "--bucket", "it-stopped", "--create-bucket-configuration",
                "LocationConstraint=us-west-1").exitCode()).isZero();
        ok("sandbox", "down");
        ok("sandbox", "reset");
        ok("sandbox", "up");
        ProcResult ls = aws(env, "s3api", "list-buckets", "--output", "json");
        assertThat(ls.exitCode()).as(ls.stderr()).isZero();
        assertThat(ls.stdout()).doesNotContain("it-stopped");
    }

    @Test
    void faultsAtUpAndAtRunTime() {
        ok("sandbox", "up", "--throttle-rate", "1");
        Map<String, String> env = FreshShell.parseExports(ok("sandbox", "env").stdout());
        ProcResult throttled = aws(env, "iam", "list-roles", "--cli-read-timeout", "5");
        assertThat(throttled.exitCode()).isNotZero();
        assertThat(throttled.stderr()).contains("Throttling");
        assertThat(ok("sandbox", "faults", "--throttle-rate", "0", "--latency-ms", "1").stdout()).contains("throttle 0,", "latency 1 ms");
        assertThat(aws(env, "iam", "list-roles").exitCode()).isZero();
    }
}
