package io.kopsauth.cli;

import io.kopsauth.App;
import io.kopsauth.aws.Arns;
import io.kopsauth.aws.AwsSettings;
import io.kopsauth.token.TokenIdentity;
import io.kopsauth.token.PresignedUrlChecks;
import io.kopsauth.token.TokenVerifier;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kopsauth verify}: checks a token exactly as the authenticator's server would and shows whose it is. */
@Command(name = "verify",
        mixinStandardHelpOptions = true,
        versionProvider = KopsauthCommand.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        header = "Verify an IAM-authenticator token as the authenticator does and print the identity it proves "
                + "(like 'aws-iam-authenticator verify').",
        description = {
            "",
            "Runs the verifier's checks in order (prefix, encoding, STS host, query parameters, signed x-k8s-aws-id, "
                    + "15-minute age), then replays the presigned URL against STS with x-k8s-aws-id: CLUSTER_ID. "
                    + "A token signed for another cluster ID fails there (403 SignatureDoesNotMatch).",
            "Prints the ARN, the canonical ARN that mappings are matched against, account, user id, session name, "
                    + "access key id and STS endpoint; or the authenticator's reason for denying the token (exit 1).",
            "With an STS endpoint configured (AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, profile endpoint_url; e.g. the "
                    + "sandbox) that endpoint is accepted too and tokens for sts.<region>.amazonaws.com are replayed there.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  kopsauth verify -i demo.k8s.local \\",
            "      -t \"$(kopsauth token -i demo.k8s.local --token-only)\"",
            "  kopsauth verify -i demo.k8s.local -o json -t \"$(aws eks get-token \\",
            "      --cluster-name demo.k8s.local --query status.token --output text)\"",
            "  kopsauth verify -i demo.k8s.local -t \"$TOKEN\" -o json | jq -r .CanonicalARN",
            "",
            "Exit codes: 0 the token is valid, 1 the authenticator would deny it",
            "(reason printed), 2 bad usage."
        })
public final class VerifyCommand implements Callable<Integer> {
    private final App app;

    @Option(names = {"-t", "--token"}, paramLabel = "TOKEN", required = true, description = "The token (k8s-aws-v1.…).")
    String token;

    @Option(names = {"-i", "--cluster-id"}, paramLabel = "CLUSTER_ID",
            description = "The authenticator's cluster ID (default: KUBERNETES_AWS_AUTHENTICATOR_CLUSTER_ID).")
    String clusterId;

    @Option(names = "--partition", paramLabel = "PARTITION", defaultValue = "aws",
            description = "The server's AWS partition (default: ${DEFAULT-VALUE}).")
    String partition;

    @Option(names = {"-o", "--output"}, paramLabel = "text|json", defaultValue = "text",
            completionCandidates = DoctorCommand.Formats.class, description = "Output format (default: ${DEFAULT-VALUE}).")
    String output;

    public VerifyCommand(App app) {
        this.app = app;
    }

    @Override
    public Integer call() {
        String cluster = clusterId != null ? clusterId : app.env("KUBERNETES_AWS_AUTHENTICATOR_CLUSTER_ID");
        if (cluster == null || cluster.isBlank()) {
            throw CliException.usage("cluster ID not specified",
                    "pass -i CLUSTER_ID (the authenticator's clusterID) or set KUBERNETES_AWS_AUTHENTICATOR_CLUSTER_ID");
        }
        if (!output.equals("text") && !output.equals("json")) {
            throw CliException.usage("unknown output format '" + output + "'", "use -o text or -o json");
        }
        if (!Arns.PARTITIONS.contains(partition)) {
            throw CliException.usage("unknown partition '" + partition + "'", "one of " + String.join(", ", Arns.PARTITIONS));
        }
        var sts = AwsSettings.resolve(null, null, app.env()).endpoint("sts").orElse(null);
        TokenIdentity id;
        try {
            id = new TokenVerifier(cluster, partition, sts, app.clock()).verify(token.strip());
        } catch (PresignedUrlChecks.Rejected e) {
            throw CliException.failed(e.getMessage(), hint(e.getMessage()));
        }
        if (output.equals("json")) {
            app.out().println(id.toJson());
        } else {
            app.out().println("ARN:           " + id.arn());
            app.out().println("Canonical ARN: " + id.canonicalArn());
            app.out().println("Account:       " + id.accountId());
            app.out().println("User ID:       " + id.userId());
            app.out().println("Session name:  " + id.sessionName());
            app.out().println("Access key ID: " + id.accessKeyId());
            app.out().println("STS endpoint:  " + id.stsEndpoint());
        }
        app.out().flush();
        return ExitCode.OK;
    }

    private static String hint(String reason) {
        if (reason.contains("SignatureDoesNotMatch")) {
            return "the token was signed for another cluster ID (or altered): make it with -i matching the server's clusterID";
        }
        if (reason.contains("expired")) return "tokens live 15 minutes: make a new one (kopsauth token --no-cache)";
        if (reason.contains("unexpected hostname")) return "sign for your region's STS endpoint (--region), or check --partition";
        if (reason.contains("error during GET")) return "check your network, and AWS_ENDPOINT_URL if you set it";
        return "see 'kopsauth verify --help' for what is checked";
    }
}
