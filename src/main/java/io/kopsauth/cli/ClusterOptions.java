package io.kopsauth.cli;

import picocli.CommandLine.Option;

/**
 * The options that name a cluster and where it lives in AWS ({@code --name}, {@code --cluster-id},
 * {@code --account-id}, {@code --region}, {@code --profile}); a mixin shared by render, setup and friends. Values
 * are validated when combined into {@link io.kopsauth.render.AuthInputs} by {@link IdentityOptions#inputs}.
 */
public final class ClusterOptions {
    @Option(names = "--name", paramLabel = "NAME",
            description = "Cluster name, a DNS name with a dot (e.g. demo.k8s.local or kops.example.com).")
    String name;

    @Option(names = "--cluster-id", paramLabel = "ID",
            description = "The authenticator's cluster ID (default: the cluster name); must match the kubeconfig's -i.")
    String clusterId;

    @Option(names = "--account-id", paramLabel = "ACCOUNT",
            description = "12-digit AWS account id of the admin role (setup reads it from STS).")
    String accountId;

    @Option(names = "--region", paramLabel = "REGION",
            description = "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION or the profile's region).")
    String region;

    @Option(names = "--profile", paramLabel = "PROFILE",
            description = "AWS profile (default: AWS_PROFILE); also set as AWS_PROFILE for the kubeconfig exec plugin.")
    String profile;

    public String name() {
        return name;
    }

    public String clusterId() {
        return clusterId;
    }

    public String accountId() {
        return accountId;
    }

    public String region() {
        return region;
    }

    public String profile() {
        return profile;
    }
}
