package io.kopsauth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.kopsauth.exec.Cmd;
import io.kopsauth.exec.ProcResult;
import io.kopsauth.exec.ZtExecProcessRunner;
import io.kopsauth.json.Json;
import io.kopsauth.support.AwsWorlds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kopsauth token} as kubectl runs it, in child JVMs against the sandbox: a cache hit loads no AWS SDK
 * (nor snakeyaml or FreeMarker) class, proven with {@code -Xlog:class+load}; the launcher makes a CDS archive on
 * the first run, uses it afterwards, keeps JVM messages off stdout, and survives broken or stale archives.
 */
class TokenIT {
    static final String CLUSTER = "demo.k8s.local";
    @TempDir
    Path tmp;
    Map<String, String> env;
    Path jar;
    Path launcher;

    @BeforeEach
    void setUp() throws Exception {
        env = new HashMap<>(AwsWorlds.sandbox().env());
        env.put("HOME", tmp.toString());
        env.put("KOPSAUTH_HOME", tmp.resolve("kopsauth").toString());
        env.put("KOPSAUTH_JAVA_OPTS", null);
        env.put("KOPSAUTH_CDS", null);
        // A copy of the jar, so that its CDS archive (<jar>.jsa) is this test's own.
        jar = tmp.resolve("kopsauth.jar");
        Files.copy(Path.of(System.getProperty("kopsauth.jar")), jar);
        env.put("KOPSAUTH_JAR", jar.toString());
        launcher = Path.of(System.getProperty("kopsauth.project"), "scripts", "kopsauth");
    }

    ProcResult run(List<String> argv) {
        ProcResult r = new ZtExecProcessRunner().run(Cmd.of(argv).withEnv(env).withTimeout(Duration.ofMinutes(3)));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return r;
    }

    ProcResult java(Path classLog, String... args) {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + classLog, "-cp", jar.toString(), "io.kopsauth.Main"));
        argv.addAll(List.of(args));
        return run(argv);
    }

    ProcResult launcher(String... args) {
        List<String> argv = new ArrayList<>(List.of(launcher.toString()));
        argv.addAll(List.of(args));
        return run(argv);
    }

    static List<String> loaded(Path classLog, String prefix) throws Exception {
        return Files.readAllLines(classLog).stream().filter(l -> l.contains(" " + prefix)).toList();
    }

    @Test
    void aCacheHitLoadsNoAwsSdkClass() throws Exception {
        Path miss = tmp.resolve("miss.log");
        Path hit = tmp.resolve("hit.log");
        String first = java(miss, "token", "-i", CLUSTER).stdout();
        String second = java(hit, "token", "-i", CLUSTER).stdout();
        assertThat(second).isEqualTo(first);
        // The miss signs with the SDK's credentials: the probe sees SDK classes when they are loaded.
        assertThat(loaded(miss, "software.amazon.awssdk.")).isNotEmpty();
        assertThat(loaded(hit, "io.kopsauth.token.TokenCache")).isNotEmpty();
        assertThat(loaded(hit, "software.amazon.awssdk.")).isEmpty();
        assertThat(loaded(hit, "org.yaml.snakeyaml.")).isEmpty();
        assertThat(loaded(hit, "freemarker.")).isEmpty();
        assertThat(loaded(hit, "org.slf4j.")).isEmpty();
        assertThat(tmp.resolve("kopsauth/logs")).doesNotExist();
    }

    @Test
    void launcherMakesAndUsesAClassDataSharingArchive() throws Exception {
        Path jsa = tmp.resolve("kopsauth.jsa");
        ProcResult first = launcher("token", "-i", CLUSTER, "--no-cache");
        assertExecCredentialOnly(first);
        assertThat(jsa).exists();
        try (var leftovers = Files.list(tmp)) {
            assertThat(leftovers.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp"))).isEmpty();
        }
        Path classLog = tmp.resolve("cds.log");
        env.put("KOPSAUTH_JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog);
        assertExecCredentialOnly(launcher("token", "-i", CLUSTER));
        assertThat(loaded(classLog, "io.kopsauth.cli.TokenCommand source: shared objects file")).isNotEmpty();
    }

    @Test
    void brokenOrStaleArchivesNeverBreakARun() throws Exception {
        Path jsa = tmp.resolve("kopsauth.jsa");
        Files.writeString(jsa, "not an archive");
        Files.setLastModifiedTime(jsa, FileTime.from(Instant.now().plusSeconds(60)));
        assertExecCredentialOnly(launcher("token", "-i", CLUSTER));
        assertThat(Files.readString(jsa)).isEqualTo("not an archive");

        // Older than the jar (a rebuild): not used, and the run makes a fresh one.
        Files.setLastModifiedTime(jsa, FileTime.from(Instant.now().minusSeconds(3600)));
        assertExecCredentialOnly(launcher("token", "-i", CLUSTER));
        assertThat(Files.size(jsa)).isGreaterThan(100_000);

        // An archive newer than the jar but recorded for another jar (the jar was replaced by one with an older
        // time stamp): the launcher passes it, the JVM refuses it (-Xshare:auto), the run works.
        Path other = tmp.resolve("other.jar");
        Files.copy(jar, other);
        Files.move(other, jar, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(7200)));
        assertThat(Files.getLastModifiedTime(jsa).toInstant()).isAfter(Files.getLastModifiedTime(jar).toInstant());
        assertExecCredentialOnly(launcher("token", "-i", CLUSTER));
    }

    static void assertExecCredentialOnly(ProcResult r) {
        assertThat(r.stdout()).endsWith("\n");
        assertThat(r.stdout().strip()).doesNotContain("\n");
        assertThat(Json.parseObject(r.stdout())).containsEntry("kind", "ExecCredential");
    }
}
