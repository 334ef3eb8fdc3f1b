package io.kopsauth.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileJournalTest {
    @TempDir
    Path dir;

    @Test
    void writesNothingBeforeTheClusterIsNamed() throws Exception {
        new FileJournal(dir).save(new RunState("setup", Instant.now()));

        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void savesUnderTheClusterAndLoadsBack() throws Exception {
        FileJournal j = new FileJournal(dir);
        RunState s = new RunState("setup", Instant.parse("2026-01-01T00:00:00Z"));
        s.put(RunState.CLUSTER, "a.k8s.local");
        s.put("stateStore", "s3://a.k8s.local");

        j.save(s);
        s.put("stateStore", "s3://other");
        j.save(s);

        Path file = dir.resolve("a.k8s.local").resolve("journal.json");
        assertThat(file).isRegularFile();
        try (var files = Files.list(file.getParent())) {
            assertThat(files).as("no temporary files left behind").containsExactly(file);
        }
        assertThat(j.load("a.k8s.local")).get().satisfies(back -> assertThat(back.value("stateStore")).contains("s3://other"));
        assertThat(j.load("missing.k8s.local")).isEmpty();
    }

    @Test
    void listsJournalsMostRecentFirst() {
        FileJournal j = new FileJournal(dir);
        RunState old = new RunState("setup", Instant.parse("2026-01-01T00:00:00Z"));
        old.put(RunState.CLUSTER, "old.k8s.local");
        RunState recent = new RunState("setup", Instant.parse("2026-02-01T00:00:00Z"));
        recent.put(RunState.CLUSTER, "new.k8s.local");
        j.save(old);
        j.save(recent);

        assertThat(j.all()).extracting(s -> s.cluster().orElseThrow()).containsExactly("new.k8s.local", "old.k8s.local");
    }

    @Test
    void aDamagedJournalSaysWhatToDo() throws Exception {
        Files.createDirectories(dir.resolve("x.k8s.local"));
        Files.writeString(dir.resolve("x.k8s.local").resolve("journal.json"), "{not json");

        assertThatThrownBy(() -> new FileJournal(dir).load("x.k8s.local")).hasMessageContaining("damaged").hasMessageContaining("move it away");
    }
}
