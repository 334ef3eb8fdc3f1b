package io.kopsauth.teardown;

import io.kopsauth.setup.AddKubeconfigUserStep;
import io.kopsauth.setup.ApplyMappingStep;
import io.kopsauth.setup.CreateAdminRoleStep;
import io.kopsauth.setup.CreateClusterStep;
import io.kopsauth.setup.CreateStateBucketStep;
import io.kopsauth.setup.SetupInputs;
import io.kopsauth.setup.SetupPorts;
import io.kopsauth.setup.UpdateClusterStep;
import io.kopsauth.workflow.Plan;

/**
 * The teardown plan: setup's plan undone, in the order that keeps every step possible. The user's kubeconfig
 * first (nothing may point at a dying cluster), the mapping while the API still answers, the journal's copy so
 * kops will delete the state, the cluster, then the role and the bucket it no longer needs, and last the admin
 * kubeconfig the earlier steps used.
 */
public final class Plans {
    private Plans() {}

    public static Plan teardown(SetupInputs in, SetupPorts ports, TeardownInputs t) {
        return Plan.named("teardown")
                .then(new RemoveKubeconfigEntriesStep(new AddKubeconfigUserStep(in, ports), ports))
                .then(new DeleteMappingStep(new ApplyMappingStep(in, ports)))
                .then(new RemoveJournalMirrorStep(ports))
                .then(new DeleteClusterStep(new CreateClusterStep(in, ports), ports))
                .then(new DeleteAdminRoleStep(new CreateAdminRoleStep(in, ports), ports, t.keepRole()))
                .then(new DeleteStateBucketStep(new CreateStateBucketStep(in, ports), ports, t.keepBucket()))
                .then(new RemoveAdminKubeconfigStep(new UpdateClusterStep(ports), ports))
                .build();
    }
}
