package io.kopsauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kopsauth.json.Json;
import io.kopsauth.support.CliRunner;
import io.kopsauth.support.CliRunner.Result;
import io.kopsauth.support.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** doctor against fake tools (shell scripts printing versions) on a temporary PATH and moto's STS on loopback. */
class DoctorCommandTest {
    static MotoServer moto;

    @TempDir
    Path tmp;
    Path bin;

    @BeforeAll
    static void startMoto() throws Exception {
        moto = MotoServer.start();
    }

    @AfterAll
    static void stopMoto() {
        if (moto != null) moto.close();
    }

    @BeforeEach
    void emptyPath() throws Exception {
        bin = Files.createDirectories(tmp.resolve("bin"));
    }

    private void fake(String name, String stdout) throws Exception {
        Path f = bin.resolve(name);
        // Only shell built-ins: the test PATH holds nothing but the fakes.
        Files.writeString(f, "#!/bin/sh\nprintf '%s\\n' '" + stdout.replace("'", "'\\''") + "'\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private void allFakes(String kopsVersion) throws Exception {
        fake("kops", kopsVersion);
        fake("kubectl", "{\n  \"clientVersion\": {\"major\": \"1\", \"minor\": \"32\", \"gitVersion\": \"v1.32.4\"},\n"
                + "  \"kustomizeVersion\": \"v5.5.0\"\n}");
        fake("aws-iam-authenticator", "{\"Version\":\"0.7.18\",\"Commit\":\"81b1dab\",\"Date\":\"2026-07-14\"}");
        fake("aws", "aws-cli/1.45.11 Python/3.11.2 Linux/6.1 botocore/1.43.0");
    }

    private Map<String, String> env(boolean withAws) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", bin.toString());
        env.put("HOME", tmp.toString());
        env.put("KOPSAUTH_HOME", tmp.resolve("home").toString());
        if (withAws) {
            env.put("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE");
            env.put("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
            env.put("AWS_REGION", "us-west-1");
            env.put("AWS_ENDPOINT_URL", moto.endpoint());
        }
        return env;
    }

    @Test
    void missingToolsGiveInstallHintsAndExitThree() {
        Result r = CliRunner.run(env(true), "doctor");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCode.PREFLIGHT);
        assertThat(r.out()).contains("✖ kops: not found on PATH").contains("https://kops.sigs.k8s.io/getting_started/install/")
                .contains("✖ kubectl: not found on PATH").contains("apt-get install kubernetes-client")
                .contains("! aws-iam-authenticator: not found on PATH").contains("! aws: not found on PATH")
                .contains("2 required check(s) failed: kops, kubectl");
    }

    @Test
    void withFakesAndStsReachableAllRequiredChecksPass() throws Exception {
        allFakes("Client version: 1.36.2 (git-v1.36.2)");
        Result r = CliRunner.run(env(true), "doctor");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("✔ kops: kops 1.36.2 (" + bin.resolve("kops") + ")")
                .contains("✔ kubectl: kubectl v1.32.4").contains("✔ aws-iam-authenticator: aws-iam-authenticator 0.7.18")
                .contains("✔ aws: aws 1.45.11").contains("✔ AWS region: us-west-1")
                .contains("✔ AWS credentials: account 123456789012, arn:aws:sts::123456789012:")
                .contains("All required checks passed.").doesNotContain("✖").doesNotContain("! ");
    }

    @Test
    void oldKopsGetsTheRightWarningsButPasses() throws Exception {
        allFakes("Version 1.21.0 (git-0f2aa8d30)");
        Result r = CliRunner.run(env(true), "doctor");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("✔ kops: kops 1.21.0").contains("! kops 1.21.0: kops 1.21.0 has no identityMappings (1.23+)")
                .contains("has no 'kops edit cluster --set' (1.22+)").doesNotContain("backendMode/clusterID");
        allFakes("Client version: 1.36.0 (git-v1.36.0)");
        assertThat(CliRunner.run(env(true), "doctor").out()).contains("#18619");
    }

    @Test
    void jsonGivesTheSameAsData() throws Exception {
        allFakes("Client version: 1.37.0-alpha.1 (git-v1.37.0-alpha.1)");
        Result r = CliRunner.run(env(true), "doctor", "-o", "json");
        assertThat(r.code()).isZero();
        Map<String, Object> doc = Json.parseObject(r.out());
        assertThat(doc.get("ok")).isEqualTo(true);
        List<?> checks = (List<?>) doc.get("checks");
        assertThat(checks).allSatisfy(c -> assertThat(List.copyOf(((Map<?, ?>) c).keySet()))
                .isEqualTo(List.of("name", "status", "detail", "hint")));
        Map<String, Object> kops = new java.util.LinkedHashMap<>();
        kops.put("name", "kops");
        kops.put("status", "ok");
        kops.put("detail", "kops 1.37.0-alpha.1 (" + bin.resolve("kops") + ")");
        kops.put("hint", null);
        assertThat(checks.contains(kops)).as(checks.toString()).isTrue();
        assertThat(r.out()).contains("\"status\": \"warn\"").contains("#18619").contains("gossip");
    }

    @Test
    void noCredentialsAndNoRegionFailWithHints() throws Exception {
        allFakes("Client version: 1.36.2 (git-v1.36.2)");
        Map<String, String> env = env(false);
        Result r = CliRunner.run(env, "doctor", "-o", "json");
        assertThat(r.code()).isEqualTo(ExitCode.PREFLIGHT);
        assertThat(r.out()).contains("\"ok\": false").contains("export AWS_REGION");
        Result r2 = CliRunner.run(env, "doctor", "--region", "us-west-1", "--profile", "nobody");
        assertThat(r2.code()).isEqualTo(ExitCode.PREFLIGHT);
        assertThat(r2.out()).contains("✖ AWS credentials: sts:GetCallerIdentity failed").contains("--profile");
        assertThat(r2.out()).contains("✔ AWS region: us-west-1 (profile nobody)");
    }

    @Test
    void aToolThatFailsToReportAVersionIsAWarning() throws Exception {
        allFakes("Client version: 1.36.2 (git-v1.36.2)");
        Path kops = bin.resolve("kops");
        Files.writeString(kops, "#!/bin/sh\necho 'panic: runtime error' >&2\nexit 2\n");
        Result r = CliRunner.run(env(true), "doctor");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("! kops: " + kops + ": 'kops version' exited 2: panic: runtime error");
    }

    @Test
    void anUnknownClusterNameIsAUsageErrorThatChecksNothing() throws Exception {
        allFakes("Client version: 1.36.2 (git-v1.36.2)");
        Result r = CliRunner.run(env(true), "doctor", "--name", "nope.k8s.local");
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("no setup journal for cluster 'nope.k8s.local'").contains("kopsauth status");
        assertThat(r.out()).doesNotContain("kops:");
    }
}
