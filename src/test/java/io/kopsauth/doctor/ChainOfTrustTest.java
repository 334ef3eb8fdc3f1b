package io.kopsauth.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure parts of the chain: exec apiVersion against kubectl's version, the trust principal for a caller, the external ID the exec plugin passes. */
class ChainOfTrustTest {

    @Test
    void v1alpha1IsBrokenFromKubectl124On() {
        assertThat(ChainOfTrust.execProblem("client.authentication.k8s.io/v1alpha1", null, 23)).isEmpty();
        assertThat(ChainOfTrust.execProblem("client.authentication.k8s.io/v1alpha1", null, 24))
                .hasValueSatisfying(p -> assertThat(p).contains("v1alpha1").contains("1.24"));
        assertThat(ChainOfTrust.execProblem("client.authentication.k8s.io/v1alpha1", null, 32)).isPresent();
    }

    @Test
    void v1NeedsInteractiveMode() {
        assertThat(ChainOfTrust.execProblem("client.authentication.k8s.io/v1", null, 32))
                .hasValueSatisfying(p -> assertThat(p).contains("interactiveMode"));
        assertThat(ChainOfTrust.execProblem("client.authentication.k8s.io/v1", "IfAvailable", 32)).isEmpty();
        assertThat(ChainOfTrust.execProblem("client.authentication.k8s.io/v1beta1", null, 32)).isEmpty();
    }

    @Test
    void anApiVersionOutsideTheAuthenticationGroupIsBroken() {
        assertThat(ChainOfTrust.execProblem("v1", "Never", 32)).isPresent();
    }

    @Test
    void theTrustPrincipalOfAnAssumedRoleIsItsRole() {
        assertThat(ChainOfTrust.principal("arn:aws:sts::111122223333:assumed-role/Dev/alice"))
                .isEqualTo("arn:aws:iam::111122223333:role/Dev");
        assertThat(ChainOfTrust.principal("arn:aws:iam::111122223333:user/alice")).isEqualTo("arn:aws:iam::111122223333:user/alice");
    }

    @Test
    void theExternalIdIsReadFromTheExecPluginsArguments() {
        assertThat(ChainOfTrust.externalIdArg(List.of("token", "-i", "c", "-r", "arn:aws:iam::1:role/A", "-e", "ext-1")))
                .hasValue("ext-1");
        assertThat(ChainOfTrust.externalIdArg(List.of("token", "--external-id", "ext-2", "-i", "c"))).hasValue("ext-2");
        assertThat(ChainOfTrust.externalIdArg(List.of("token", "--external-id=ext-3"))).hasValue("ext-3");
        assertThat(ChainOfTrust.externalIdArg(List.of("eks", "get-token", "--cluster-name", "c"))).isEmpty();
        assertThat(ChainOfTrust.externalIdArg(List.of("token", "-e"))).isEmpty();
        assertThat(ChainOfTrust.externalIdArg(null)).isEmpty();
    }

    @Test
    void aReportHoldsOnlyWhenEveryLinkWasWalkedAndHeld() {
        List<ChainOfTrust.Link> all = ChainOfTrust.LINKS.stream().map(id -> ChainOfTrust.Link.ok(id, "fine")).toList();
        assertThat(new ChainOfTrust.Report("c", all).ok()).isTrue();
        assertThat(new ChainOfTrust.Report("c", all.subList(0, 3)).ok()).isFalse();
        var broken = new ChainOfTrust.Report("c", List.of(ChainOfTrust.Link.ok("credentials", "x"),
                ChainOfTrust.Link.broken("assume-role", "denied", "fix it")));
        assertThat(broken.ok()).isFalse();
        assertThat(broken.broken()).hasValueSatisfying(l -> assertThat(l.id()).isEqualTo("assume-role"));
        assertThat(broken.toJson()).containsEntry("broken", "assume-role").containsEntry("ok", false);
    }
}
