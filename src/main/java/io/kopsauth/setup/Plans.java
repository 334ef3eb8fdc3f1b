package io.kopsauth.setup;

import io.kopsauth.workflow.Plan;
import java.util.Random;

/**
 * The plans, each on one screen. {@code setup} follows the blog's table of contents; the IAM role is made while
 * kops registers the cluster, and the kubeconfig user is written while the mapping waits for the API server,
 * so the mapping lands the moment the cluster answers and validation passes on its first successful attempt.
 */
public final class Plans {
    private Plans() {}

    public static Plan setup(SetupInputs in, SetupPorts ports, Random random) {
        return Plan.named("setup")
                .then(new PreflightStep(in, ports))
                .then(new ChooseNameStep(in, random))
                .then(new CreateStateBucketStep(in, ports))
                .then(new CreateClusterStep(in, ports)).alongside(new CreateAdminRoleStep(in, ports))
                .then(new ConfigureClusterAuthStep(in, ports))
                .then(new UpdateClusterStep(ports))
                .then(new ApplyMappingStep(in, ports)).alongside(new AddKubeconfigUserStep(in, ports))
                .then(new ValidateStep(in, ports))
                .build();
    }
}
