package io.kopsauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kopsauth.Home;
import io.kopsauth.json.Json;
import io.kopsauth.kube.Kubeconfig;
import io.kopsauth.kube.KubeconfigFiles;
import io.kopsauth.setup.ResourceKinds;
import io.kopsauth.support.CliRunner;
import io.kopsauth.workflow.FileJournal;
import io.kopsauth.workflow.Resource;
import io.kopsauth.workflow.RunState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kopsauth teardown} and {@code status} in-process on a journal that holds only local resources (the
 * kubeconfig entries setup adds), so no AWS endpoint is needed: preview, --dry-run, the non-TTY rule, -y, -o json,
 * the archive, bad input.
 */
class TeardownCommandTest {
    static final String NAME = "cli.k8s.local";
    static final String ORIGINAL = "apiVersion: v1\nclusters:\n- cluster:\n    server: https://other.example.com\n  name: other\n"
            + "contexts:\n- context:\n    cluster: other\n    user: other\n  name: other\ncurrent-context: other\nkind: Config\n"
            + "preferences: {}\nusers:\n- name: other\n  user:\n    token: t\n";

    @TempDir
    Path dir;
    Map<String, String> env;
    Path kubeconfig;
    FileJournal files;

    @BeforeEach
    void journal() throws Exception {
        env = new HashMap<>();
        env.put("HOME", dir.toString());
        env.put("KOPSAUTH_HOME", dir.resolve("kopsauth").toString());
        env.put("PATH", System.getenv("PATH"));
        kubeconfig = dir.resolve(".kube").resolve("config");
        Files.createDirectories(kubeconfig.getParent());
        Files.writeString(kubeconfig, ORIGINAL);
        String entry = "kopsauth-" + NAME;
        new KubeconfigFiles(Clock.systemUTC()).edit(kubeconfig, kc -> {
            kc.put(Kubeconfig.Kind.CLUSTERS, entry, Map.of("server", "https://127.0.0.1:1"));
            kc.put(Kubeconfig.Kind.USERS, entry, Map.of("token", "x"));
            kc.put(Kubeconfig.Kind.CONTEXTS, entry, Map.of("cluster", entry, "user", entry));
            kc.currentContext(entry);
        });
        RunState s = new RunState("setup", Instant.parse("2026-01-01T00:00:00Z"));
        s.inputs(Map.of("region", "us-west-1"));
        s.put(RunState.CLUSTER, NAME);
        String id = kubeconfig + "#" + entry;
        s.record(Resource.created(ResourceKinds.KUBECONFIG_ENTRIES, id, "add-kubeconfig-user").with("file", kubeconfig.toString())
                .with("cluster", entry).with("user", entry).with("context", entry).with("previousCurrentContext", "other"));
        files = new FileJournal(new Home(dir.resolve("kopsauth"), dir).clusters());
        files.save(s);
    }

    @Test
    void dryRunPrintsThePlanAndChangesNothing() throws Exception {
        String before = Files.readString(kubeconfig);

        CliRunner.Result r = CliRunner.run(env, "teardown", "--name", NAME, "--dry-run");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("kopsauth teardown of cluster " + NAME)
                .contains("delete  kubeconfig-entries " + kubeconfig + "#kopsauth-" + NAME)
                .contains("current-context goes back to 'other'").contains("Dry run: nothing was changed.");
        assertThat(Files.readString(kubeconfig)).isEqualTo(before);
        assertThat(files.load(NAME)).isPresent();
    }

    @Test
    void withoutATerminalAndWithoutYesThePlanIsPrintedAndNothingHappens() throws Exception {
        String before = Files.readString(kubeconfig);

        CliRunner.Result r = CliRunner.run(env, "teardown", "--name", NAME);

        assertThat(r.code()).isEqualTo(ExitCode.FAILED);
        assertThat(r.out()).contains("delete  kubeconfig-entries");
        assertThat(r.err()).contains("not on a terminal").contains("-y");
        assertThat(Files.readString(kubeconfig)).isEqualTo(before);
    }

    @Test
    void yesRemovesOurEntriesRestoresTheContextAndArchivesTheJournal() throws Exception {
        CliRunner.Result r = CliRunner.run(env, "teardown", "--name", NAME, "-y", "-o", "json");

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        Map<String, Object> plan = Json.parseObject(lines.get(0));
        assertThat(plan).containsEntry("event", "plan").containsEntry("cluster", NAME);
        assertThat(String.valueOf(plan.get("resources"))).contains("action=delete");
        Map<String, Object> result = Json.parseObject(lines.get(lines.size() - 1));
        assertThat(result).containsEntry("event", "result").containsEntry("ok", true);
        assertThat(Files.readString(kubeconfig)).isEqualTo(ORIGINAL);
        assertThat(files.load(NAME)).isEmpty();
        try (Stream<Path> h = Files.list(dir.resolve("kopsauth").resolve("clusters").resolve(NAME).resolve("history"))) {
            assertThat(h.toList()).singleElement().satisfies(p -> assertThat(Files.readString(p)).contains("\"status\": \"torn-down\""));
        }
    }

    @Test
    void statusListsTheClusterAndShowsItsResources() {
        CliRunner.Result list = CliRunner.run(env, "status");
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).contains(NAME);

        CliRunner.Result one = CliRunner.run(env, "status", "--name", NAME, "-o", "json");
        assertThat(one.code()).as(one.err()).isZero();
        assertThat(one.out()).contains("\"kind\": \"kubeconfig-entries\"").contains("\"state\": \"present\"");

        CliRunner.Result unchecked = CliRunner.run(env, "status", "--name", NAME, "--no-check");
        assertThat(unchecked.out()).contains("unchecked");

        CliRunner.Result missing = CliRunner.run(env, "status", "--name", "nope.k8s.local");
        assertThat(missing.code()).isEqualTo(ExitCode.FAILED);
        assertThat(missing.err()).contains("no journal for cluster nope.k8s.local");
    }

    @Test
    void badInputIsExit2() {
        assertThat(CliRunner.run(env, "teardown").code()).isEqualTo(ExitCode.USAGE);
        assertThat(CliRunner.run(env, "teardown", "--name", "Bad Name").code()).isEqualTo(ExitCode.USAGE);
        assertThat(CliRunner.run(env, "teardown", "--name", NAME, "-o", "yaml").code()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void helpHasExamples() {
        CliRunner.Result r = CliRunner.run(env, "teardown", "--help");
        assertThat(r.out()).contains("Examples:").contains("--keep-bucket").contains("history");
        assertThat(CliRunner.run(env, "status", "--help").out()).contains("Examples:");
    }
}
