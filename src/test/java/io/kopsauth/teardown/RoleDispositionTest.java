package io.kopsauth.teardown;

import static org.assertj.core.api.Assertions.assertThat;

import io.kopsauth.aws.IamRoles;
import io.kopsauth.setup.CreateAdminRoleStep;
import io.kopsauth.setup.CreateAdminRoleStep.RoleFate;
import io.kopsauth.workflow.Resource;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The role-tag accounting: who created the role and who still uses it decide, read from the role's own tags. */
class RoleDispositionTest {
    static final Resource CREATED = Resource.created("iam-role", "KubernetesAdmin", "create-admin-role");
    static final Resource ADOPTED = Resource.adopted("iam-role", "KubernetesAdmin", "create-admin-role");

    static IamRoles.Role role(String managedBy, String clusters) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (managedBy != null) tags.put(CreateAdminRoleStep.MANAGED_BY_TAG, managedBy);
        if (clusters != null) tags.put(CreateAdminRoleStep.CLUSTERS_TAG, clusters);
        return new IamRoles.Role("KubernetesAdmin", "arn:aws:iam::111122223333:role/KubernetesAdmin", "{}", tags);
    }

    @Test
    void fateFollowsTheTagsNotWhoRanSetup() {
        assertThat(CreateAdminRoleStep.fate(role("kopsauth", "a.k8s.local"), "a.k8s.local", true)).isEqualTo(RoleFate.DELETE);
        assertThat(CreateAdminRoleStep.fate(role("kopsauth", null), "a.k8s.local", true)).isEqualTo(RoleFate.DELETE);
        assertThat(CreateAdminRoleStep.fate(role("kopsauth", "a.k8s.local  b.k8s.local "), "a.k8s.local", true)).isEqualTo(RoleFate.KEEP_IN_USE);
        assertThat(CreateAdminRoleStep.fate(role(null, "a.k8s.local"), "a.k8s.local", true)).isEqualTo(RoleFate.KEEP_NOT_OURS);
        assertThat(CreateAdminRoleStep.fate(role("kopsauth", "a.k8s.local"), "a.k8s.local", false)).isEqualTo(RoleFate.KEEP_ASKED);
        assertThat(CreateAdminRoleStep.fate(role("kopsauth", "b.k8s.local"), "a.k8s.local", false)).isEqualTo(RoleFate.KEEP_IN_USE);
    }

    @Test
    void aRoleAnotherOperatorCreatedIsDeletedByTheLastClusterEvenIfThisJournalOnlyAdoptedIt() {
        assertThat(DeleteAdminRoleStep.disposition(ADOPTED, role("kopsauth", "b.k8s.local"), "b.k8s.local", false).verdict())
                .isEqualTo(Disposition.Verdict.DELETE);
    }

    @Test
    void keptRolesSayWhyAndWhetherTheirMarksGo() {
        Disposition inUse = DeleteAdminRoleStep.disposition(CREATED, role("kopsauth", "a.k8s.local b.k8s.local c.k8s.local"), "a.k8s.local", false);
        assertThat(inUse.verdict()).isEqualTo(Disposition.Verdict.UNTAG);
        assertThat(inUse.reason()).isEqualTo("still used by kopsauth clusters b.k8s.local, c.k8s.local; this cluster leaves its kopsauth:clusters tag");

        Disposition foreignUntagged = DeleteAdminRoleStep.disposition(ADOPTED, role(null, null), "a.k8s.local", false);
        assertThat(foreignUntagged.verdict()).isEqualTo(Disposition.Verdict.KEEP);
        assertThat(foreignUntagged.reason()).isEqualTo("not created by kopsauth");
        assertThat(foreignUntagged.changes()).isFalse();

        Disposition restored = DeleteAdminRoleStep.disposition(ADOPTED.with("previousTrustPolicy", "{}"), role(null, "a.k8s.local"), "a.k8s.local", false);
        assertThat(restored.reason()).isEqualTo("not created by kopsauth; this cluster leaves its kopsauth:clusters tag, its previous trust policy comes back");
        assertThat(restored.toJson()).containsEntry("action", "keep").containsEntry("untag", true);

        assertThat(DeleteAdminRoleStep.disposition(CREATED, role("kopsauth", "a.k8s.local"), "a.k8s.local", true).reason())
                .startsWith("--keep-role; this cluster leaves");
    }
}
