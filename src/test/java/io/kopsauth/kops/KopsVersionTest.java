package io.kopsauth.kops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KopsVersionTest {

    private static KopsVersion v(String output) {
        return KopsVersion.parse(output).orElseThrow();
    }

    @Test
    void parsesBothOutputFormatsAndShort() {
        assertThat(v("Version 1.11.1 (git-0f2aa8d30)")).isEqualTo(KopsVersion.of(1, 11, 1));
        assertThat(v("Client version: 1.36.2 (git-v1.36.2)\n")).isEqualTo(KopsVersion.of(1, 36, 2));
        assertThat(v("1.36.2")).isEqualTo(KopsVersion.of(1, 36, 2));
        assertThat(v("Client version: 1.37.0-alpha.1 (git-v1.37.0-alpha.1)"))
                .isEqualTo(new KopsVersion(1, 37, 0, "alpha.1"));
        assertThat(v("W0101 something on stderr\nClient version: 1.30.4 (git-v1.30.4)\nLast applied server version: 1.30.1"))
                .isEqualTo(KopsVersion.of(1, 30, 4));
    }

    @Test
    void garbageIsNotAVersion() {
        assertThat(KopsVersion.parse("kops: command not found")).isEmpty();
        assertThat(KopsVersion.parse("")).isEmpty();
        assertThat(KopsVersion.parse(null)).isEmpty();
    }

    @Test
    void featureTableFollowsTheReference() {
        KopsVersion blog = v("Version 1.11.1 (git-0f2aa8d30)");
        assertThat(blog.supportsBackendMode()).isFalse();
        assertThat(blog.supportsIdentityMappings()).isFalse();
        assertThat(blog.supportsEditSet()).isFalse();
        assertThat(blog.supportsGossip()).isTrue();

        assertThat(KopsVersion.of(1, 19, 0).supportsBackendMode()).isTrue();
        assertThat(KopsVersion.of(1, 21, 9).supportsEditSet()).isFalse();
        assertThat(KopsVersion.of(1, 22, 0).supportsEditSet()).isTrue();
        assertThat(KopsVersion.of(1, 22, 5).supportsIdentityMappings()).isFalse();
        assertThat(KopsVersion.of(1, 23, 0).supportsIdentityMappings()).isTrue();
        assertThat(new KopsVersion(1, 23, 0, "alpha.1").supportsIdentityMappings()).isFalse();
        assertThat(new KopsVersion(1, 23, 0, "alpha.2").supportsIdentityMappings()).isTrue();

        assertThat(KopsVersion.of(1, 36, 0).identityMappingsBroken()).isTrue();
        assertThat(new KopsVersion(1, 37, 0, "alpha.1").identityMappingsBroken()).isTrue();
        assertThat(KopsVersion.of(1, 36, 1).identityMappingsBroken()).isFalse();
        assertThat(KopsVersion.of(1, 35, 9).identityMappingsBroken()).isFalse();

        assertThat(KopsVersion.of(1, 36, 2).supportsGossip()).isTrue();
        assertThat(new KopsVersion(1, 37, 0, "alpha.1").supportsGossip()).isFalse();
        assertThat(KopsVersion.of(1, 37, 0).supportsGossip()).isFalse();
    }

    @Test
    void warningsNameTheProblem() {
        assertThat(KopsVersion.of(1, 36, 2).warnings()).isEmpty();
        assertThat(KopsVersion.of(1, 36, 0).warnings()).singleElement().asString().contains("#18619");
        assertThat(KopsVersion.of(1, 21, 0).warnings()).anyMatch(w -> w.contains("edit cluster --set"))
                .anyMatch(w -> w.contains("identityMappings"));
        assertThat(KopsVersion.of(1, 18, 3).warnings()).anyMatch(w -> w.contains("backendMode"));
        assertThat(KopsVersion.of(1, 37, 0).warnings()).singleElement().asString().contains("gossip");
    }

    @Test
    void preReleasesSortBeforeTheirRelease() {
        assertThat(new KopsVersion(1, 37, 0, "alpha.1")).isLessThan(KopsVersion.of(1, 37, 0));
        assertThat(KopsVersion.of(1, 36, 2)).isLessThan(new KopsVersion(1, 37, 0, "alpha.1"));
    }
}
