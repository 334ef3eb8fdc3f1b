package io.kopsauth.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kopsauth.cli.CliException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigFileTest {
    /** A kubeconfig as kubectl writes it, with things kopsauth must never disturb. */
    static final String EXISTING = """
            apiVersion: v1
            clusters:
            - cluster:
                certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUMvakNDQWVhZ0F3SUJBZ0lCQURBTkJna3Foa2lHOXcwQkFRc0ZBREFWTVJNd0VRWURWUVFERXdwcmRXSmwKY201bGRHVnpNQjRYRFRJeU1Ea3hOVEUwTlRRek1Gb1hEVE15TURreE1qRTBOVFF6TUZvd0ZURVRNQkVHQTFVRQo=
                extensions:
                - extension:
                    last-update: Mon, 01 Jan 2024 00:00:00 UTC
                    provider: minikube.sigs.k8s.io
                    version: v1.32.0
                  name: cluster_info
                server: https://192.168.49.2:8443
              name: minikube
            contexts:
            - context:
                cluster: minikube
                namespace: default
                user: minikube
              name: minikube
            - context:
                cluster: prod
                user: sso-admin
              name: prod
            current-context: minikube
            kind: Config
            preferences:
              colors: true
            users:
            - name: minikube
              user:
                client-certificate: /home/me/.minikube/profiles/minikube/client.crt
                client-key: /home/me/.minikube/profiles/minikube/client.key
            - name: sso-admin
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1beta1
                  args:
                  - --region
                  - eu-west-1
                  - eks
                  - get-token
                  - --cluster-name
                  - prod
                  command: aws
                  env:
                  - name: AWS_PROFILE
                    value: prod-admin
                  interactiveMode: IfAvailable
                  provideClusterInfo: false
            """;

    @TempDir
    Path dir;
    final Clock clock = Clock.fixed(Instant.parse("2026-05-01T12:00:00Z"), ZoneOffset.UTC);

    static Map<String, Object> execUser() {
        Map<String, Object> exec = new LinkedHashMap<>();
        exec.put("apiVersion", "client.authentication.k8s.io/v1beta1");
        exec.put("command", "aws-iam-authenticator");
        exec.put("args", List.of("token", "-i", "c.k8s.local", "-r", "arn:aws:iam::111122223333:role/KubernetesAdmin"));
        exec.put("interactiveMode", "IfAvailable");
        return Map.of("exec", exec);
    }

    Path existing() throws Exception {
        Path f = dir.resolve("config");
        Files.writeString(f, EXISTING);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        return f;
    }

    @Test
    void aKubectlWrittenFileRoundTripsByteForByte() {
        assertThat(Kubeconfig.parse(EXISTING).write()).isEqualTo(EXISTING);
    }

    @Test
    void addingEntriesLeavesEverythingElseAsItWas() throws Exception {
        Path f = existing();
        KubeconfigFile kf = new KubeconfigFile(f, clock);

        kf.edit(kc -> {
            kc.put(Kubeconfig.Kind.CLUSTERS, "kopsauth-c.k8s.local", Map.of("server", "https://127.0.0.1:6443"));
            kc.put(Kubeconfig.Kind.USERS, "kopsauth-c.k8s.local", execUser());
            kc.put(Kubeconfig.Kind.CONTEXTS, "kopsauth-c.k8s.local",
                    Map.of("cluster", "kopsauth-c.k8s.local", "user", "kopsauth-c.k8s.local"));
        });

        String after = Files.readString(f);
        // Every line of the original survives, in order (the new entries are appended to their lists).
        List<String> before = EXISTING.lines().toList();
        List<String> lines = after.lines().toList();
        int i = 0;
        for (String l : lines) if (i < before.size() && l.equals(before.get(i))) i++;
        assertThat(i).as("original lines found in order").isEqualTo(before.size());
        Kubeconfig kc = kf.read();
        assertThat(kc.currentContext()).contains("minikube");
        assertThat(kc.names(Kubeconfig.Kind.USERS)).containsExactly("minikube", "sso-admin", "kopsauth-c.k8s.local");
        assertThat(kc.get(Kubeconfig.Kind.USERS, "kopsauth-c.k8s.local")).get().satisfies(u ->
                assertThat(u.toString()).contains("aws-iam-authenticator"));
        assertThat(Files.getPosixFilePermissions(f)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void removingWhatWasAddedRestoresTheOriginalBytes() throws Exception {
        Path f = existing();
        KubeconfigFile kf = new KubeconfigFile(f, clock);
        kf.edit(kc -> {
            kc.put(Kubeconfig.Kind.USERS, "kopsauth-c.k8s.local", execUser());
            kc.put(Kubeconfig.Kind.CONTEXTS, "kopsauth-c.k8s.local", Map.of("cluster", "minikube", "user", "kopsauth-c.k8s.local"));
            kc.currentContext("kopsauth-c.k8s.local");
        });

        kf.edit(kc -> {
            kc.remove(Kubeconfig.Kind.USERS, "kopsauth-c.k8s.local");
            kc.remove(Kubeconfig.Kind.CONTEXTS, "kopsauth-c.k8s.local");
            kc.currentContext("minikube");
        });

        assertThat(Files.readString(f)).isEqualTo(EXISTING);
    }

    @Test
    void replacingAnEntryKeepsItsPlace() throws Exception {
        Path f = existing();
        KubeconfigFile kf = new KubeconfigFile(f, clock);

        kf.edit(kc -> kc.put(Kubeconfig.Kind.USERS, "minikube", Map.of("token", "x")));

        assertThat(kf.read().names(Kubeconfig.Kind.USERS)).containsExactly("minikube", "sso-admin");
        assertThat(kf.read().get(Kubeconfig.Kind.USERS, "minikube")).contains(Map.of("token", "x"));
    }

    @Test
    void backsUpTheOldFileBeforeWriting() throws Exception {
        Path f = existing();

        KubeconfigFile.Edit e = new KubeconfigFile(f, clock).edit(kc -> kc.currentContext("prod"));

        assertThat(e.backup()).hasFileName("config.kopsauth-backup-20260501-120000-000");
        assertThat(Files.readString(e.backup())).isEqualTo(EXISTING);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void backupsAreOwnerOnlyAndOnlyTheNewestFiveAreKept() throws Exception {
        Path f = existing();
        Path unrelated = Files.writeString(dir.resolve("other.kopsauth-backup-20200101-000000-000"), "not ours");
        Instant t = clock.instant();
        for (int i = 0; i < 7; i++) {
            String ctx = i % 2 == 0 ? "prod" : "minikube";
            new KubeconfigFile(f, Clock.fixed(t.plusSeconds(i), ZoneOffset.UTC)).edit(kc -> kc.currentContext(ctx));
        }

        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("config.kopsauth-backup-")).sorted())
                    .containsExactly("config.kopsauth-backup-20260501-120002-000", "config.kopsauth-backup-20260501-120003-000",
                            "config.kopsauth-backup-20260501-120004-000", "config.kopsauth-backup-20260501-120005-000",
                            "config.kopsauth-backup-20260501-120006-000");
        }
        Path newest = dir.resolve("config.kopsauth-backup-20260501-120006-000");
        assertThat(Files.getPosixFilePermissions(newest)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(newest)).contains("current-context: minikube");
        assertThat(unrelated).hasContent("not ours");
    }

    @Test
    void createsAMissingFileWithMode0600AndNoBackup() throws Exception {
        Path f = dir.resolve("sub").resolve("config");

        KubeconfigFile.Edit e = new KubeconfigFile(f, clock).edit(kc -> kc.put(Kubeconfig.Kind.USERS, "u", execUser()));

        assertThat(e.backup()).isNull();
        assertThat(Files.getPosixFilePermissions(f)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        Kubeconfig kc = new KubeconfigFile(f, clock).read();
        assertThat(kc.names(Kubeconfig.Kind.USERS)).containsExactly("u");
        assertThat(Files.readString(f)).startsWith("apiVersion: v1\n").contains("kind: Config");
    }

    @Test
    void refusesWhileAnotherProcessHoldsTheLock() throws Exception {
        Path f = existing();
        try (FileChannel ch = FileChannel.open(dir.resolve("config.kopsauth-lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             var held = ch.lock()) {
            assertThatThrownBy(() -> new KubeconfigFile(f, clock).edit(kc -> kc.currentContext("prod")))
                    .isInstanceOf(CliException.class)
                    .hasMessageContaining("being changed by another kopsauth process");
        }
        assertThat(Files.readString(f)).isEqualTo(EXISTING);
    }

    @Test
    void editsTheTargetOfASymlink() throws Exception {
        Path real = existing();
        Path link = dir.resolve("link");
        Files.createSymbolicLink(link, real);

        new KubeconfigFile(link, clock).edit(kc -> kc.currentContext("prod"));

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(new KubeconfigFile(real, clock).read().currentContext()).contains("prod");
    }
}
