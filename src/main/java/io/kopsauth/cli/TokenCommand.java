package io.kopsauth.cli;

import io.kopsauth.App;
import io.kopsauth.aws.Arns;
import io.kopsauth.aws.SdkCredentialSource;
import io.kopsauth.token.ExecCredential;
import io.kopsauth.token.Token;
import io.kopsauth.token.TokenCache;
import io.kopsauth.token.TokenIssuer;
import io.kopsauth.token.TokenRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kopsauth token}: the kubectl exec credential plugin, flag-compatible with {@code aws-iam-authenticator
 * token}. Runs on every kubectl call, so a cached token is answered without loading the AWS SDK, and no per-run
 * log is kept.
 */
@Command(name = "token",
        mixinStandardHelpOptions = true,
        versionProvider = KopsauthCommand.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        header = "Print an ExecCredential with an IAM-authenticator token for a cluster (a kubectl exec plugin, "
                + "like 'aws-iam-authenticator token').",
        description = {
            "",
            "The token is a presigned STS GetCallerIdentity URL that signs the cluster ID (x-k8s-aws-id); the "
                    + "authenticator replays it to learn who you are. It is valid for 15 minutes; the ExecCredential "
                    + "says 14. With -r the role is assumed first (15-minute session).",
            "Tokens (never credentials) are cached in ~/.kube/cache/kopsauth/ (0600) and reused until a minute "
                    + "before they expire; --no-cache signs a fresh one.",
            "Region: --region, AWS_REGION, AWS_DEFAULT_REGION, the profile's region, else us-east-1. STS endpoint: "
                    + "AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL / the profile's endpoint_url if set, else "
                    + "sts.<region>.amazonaws.com. The ExecCredential's apiVersion echoes KUBERNETES_EXEC_INFO's "
                    + "(default client.authentication.k8s.io/v1beta1).",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  kopsauth token -i demo.k8s.local --region us-west-1",
            "  kopsauth token -i demo.k8s.local --region us-west-1 \\",
            "      -r arn:aws:iam::111122223333:role/KubernetesAdmin -s alice",
            "  kopsauth verify -i demo.k8s.local \\",
            "      -t \"$(kopsauth token -i demo.k8s.local --token-only)\"",
            "",
            "  # a kubeconfig user (kubectl runs it on every call):",
            "  exec:",
            "    apiVersion: client.authentication.k8s.io/v1beta1",
            "    command: /path/to/kopsauth/scripts/kopsauth",
            "    args: [token, -i, demo.k8s.local, --region, us-west-1,",
            "           -r, 'arn:aws:iam::111122223333:role/KubernetesAdmin']",
            "    interactiveMode: IfAvailable",
            "",
            "Exit codes: 0 printed, 1 could not get a token (no credentials, STS",
            "refused), 2 bad usage."
        })
public final class TokenCommand implements Callable<Integer> {
    private final App app;

    @Option(names = {"-i", "--cluster-id"}, paramLabel = "CLUSTER_ID",
            description = "The authenticator's cluster ID (default: KUBERNETES_AWS_AUTHENTICATOR_CLUSTER_ID).")
    String clusterId;

    @Option(names = {"-r", "--role"}, paramLabel = "ROLE_ARN",
            description = "Assume this IAM role first (default: DEFAULT_ROLE).")
    String role;

    @Option(names = "--region", paramLabel = "REGION", description = "STS region to sign for.")
    String region;

    @Option(names = {"-s", "--session-name"}, paramLabel = "NAME",
            description = "AssumeRole session name (the authenticator's {{SessionName}}; default kopsauth-<unix millis>).")
    String sessionName;

    @Option(names = "--forward-session-name",
            description = "Use your current session's name (the part after ':' of your UserId) as the AssumeRole session name.")
    boolean forwardSessionName;

    @Option(names = {"-e", "--external-id"}, paramLabel = "ID", description = "External ID for AssumeRole.")
    String externalId;

    @Option(names = "--token-only", description = "Print only the token, not the ExecCredential JSON.")
    boolean tokenOnly;

    @Option(names = "--profile", paramLabel = "PROFILE", description = "AWS profile (default: AWS_PROFILE).")
    String profile;

    @Option(names = "--no-cache", description = "Neither read nor write the token cache.")
    boolean noCache;

    public TokenCommand(App app) {
        this.app = app;
    }

    @Override
    public Integer call() {
        String cluster = clusterId != null ? clusterId : app.env("KUBERNETES_AWS_AUTHENTICATOR_CLUSTER_ID");
        if (cluster == null || cluster.isBlank()) {
            throw CliException.usage("cluster ID not specified",
                    "pass -i CLUSTER_ID (the authenticator's clusterID) or set KUBERNETES_AWS_AUTHENTICATOR_CLUSTER_ID");
        }
        if (sessionName != null && forwardSessionName) {
            throw CliException.usage("cannot specify both --forward-session-name and --session-name parameter");
        }
        String roleArn = role != null ? role : app.env("DEFAULT_ROLE");
        if (roleArn != null && roleArn.isBlank()) roleArn = null;
        if (roleArn != null && Arns.parse(roleArn).filter(a -> "iam".equals(a.service()) && a.resource().startsWith("role/")).isEmpty()) {
            throw CliException.usage("'" + roleArn + "' is not an IAM role ARN", "e.g. -r arn:aws:iam::111122223333:role/KubernetesAdmin");
        }
        TokenRequest request = new TokenRequest(cluster, roleArn, region, profile, sessionName, forwardSessionName, externalId);
        TokenCache cache = noCache ? null : new TokenCache(app.home().tokenCache());
        Token token = new TokenIssuer(cache, () -> new SdkCredentialSource(app.env(), app.clock()), app.clock())
                .issue(request, app.env());
        String line = tokenOnly ? token.value() : ExecCredential.json(token, ExecCredential.apiVersion(app.env("KUBERNETES_EXEC_INFO")));
        app.out().print(line + "\n");
        app.out().flush();
        return ExitCode.OK;
    }
}
