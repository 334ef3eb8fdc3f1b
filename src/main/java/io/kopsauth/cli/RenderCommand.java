package io.kopsauth.cli;

import io.kopsauth.App;
import io.kopsauth.aws.AwsSettings;
import io.kopsauth.render.Artifacts;
import io.kopsauth.render.AuthInputs;
import io.kopsauth.render.FreemarkerArtifacts;
import io.kopsauth.render.Inputs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kopsauth render ARTIFACT}: prints (or writes) one of the documents setup would apply, for review or GitOps. */
@Command(name = "render",
        mixinStandardHelpOptions = true,
        versionProvider = KopsauthCommand.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        header = "Print a document kopsauth would apply: the authenticator ConfigMap, a kubeconfig exec user, the "
                + "admin role's trust policy or the kops cluster-spec fragment.",
        description = {
            "",
            "ARTIFACT is one of:",
            "  configmap        kube-system/aws-iam-authenticator (MountedFile): clusterID and the role/user/account mappings",
            "  kubeconfig-user  users[] + contexts[] entries with an exec credential plugin for the admin role",
            "  trust-policy     the admin role's assume-role policy (account root, or --trust-principal; MFA, ExternalId)",
            "  cluster-spec     spec.authorization.rbac and spec.authentication.aws (identityMappings with --mapping crd)",
            "",
            "Every value is rendered as one quoted scalar or rejected (exit 2); role ARNs with an IAM path are mapped"
                    + " without the path (with a warning), because the authenticator matches only role/NAME.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  kopsauth render configmap --name demo.k8s.local --account-id 111122223333",
            "  kopsauth render configmap --name demo.k8s.local --account-id 111122223333 \\",
            "      --map-user arn:aws:iam::111122223333:user/alice=alice:system:masters --out aws-iam-authenticator.yaml",
            "  kopsauth render trust-policy --account-id 111122223333 --require-mfa --mfa-max-age 3600",
            "  kopsauth render kubeconfig-user --name demo.k8s.local --account-id 111122223333 --region us-west-1",
            "  kopsauth render cluster-spec --name demo.k8s.local --account-id 111122223333 --mapping crd",
            "",
            "Exit codes: 0 rendered, 1 a template or the output file failed, 2 invalid input."
        })
public final class RenderCommand implements Callable<Integer> {
    /** The artifacts, in the order the help lists them. */
    public static final List<String> ARTIFACTS = List.of("configmap", "kubeconfig-user", "trust-policy", "cluster-spec");

    private final App app;

    @Parameters(index = "0", paramLabel = "ARTIFACT", completionCandidates = ArtifactNames.class,
            description = "configmap | kubeconfig-user | trust-policy | cluster-spec")
    String artifact;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    IdentityOptions identity;

    @Mixin
    TemplateOptions templates;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE (atomically) instead of standard output.")
    Path out;

    public RenderCommand(App app) {
        this.app = app;
    }

    @Override
    public Integer call() {
        if (!ARTIFACTS.contains(artifact)) {
            throw CliException.usage("unknown artifact '" + Inputs.printable(artifact) + "'",
                    "choose one of " + String.join(", ", ARTIFACTS));
        }
        String region = cluster.region();
        if (region == null) region = AwsSettings.resolve(cluster.profile(), null, app.env()).region();
        String name = cluster.name();
        // The trust policy does not depend on the cluster; a reserved name (RFC 2606) stands in when none is given.
        if (name == null && artifact.equals("trust-policy")) name = "unnamed.invalid";
        AuthInputs inputs = identity.inputs(cluster, name, region);
        if (inputs.accountId() == null && inputs.needsAccountId(artifact)) {
            throw CliException.usage("--account-id is needed to render " + artifact
                            + (artifact.equals("trust-policy") ? " (the principal is the account root)" : " (the admin role ARN contains it)"),
                    "pass --account-id ACCOUNT; 'aws sts get-caller-identity --query Account --output text' shows yours"
                            + " (setup fills it in from STS)");
        }
        Artifacts artifacts = templates.artifacts();
        String text;
        try {
            text = switch (artifact) {
                case "configmap" -> artifacts.configMap(inputs.authenticatorConfig());
                case "kubeconfig-user" -> artifacts.execUser(inputs.execUser());
                case "trust-policy" -> artifacts.trustPolicy(inputs.trustPolicy());
                default -> artifacts.clusterSpecFragment(inputs.clusterAuthSpec());
            };
        } catch (Artifacts.InvalidInputException e) {
            throw CliException.usage(e.getMessage());
        } catch (FreemarkerArtifacts.TemplateFailedException e) {
            throw CliException.failed(e.getMessage(), templates.templates() == null
                    ? "this is a bug in kopsauth's built-in templates; please report it"
                    : "fix the template in " + templates.templates() + " or remove it to use the built-in one");
        }
        for (String w : inputs.warnings(artifact)) app.console().warn(w);
        if (out == null) {
            app.out().print(text);
            app.out().flush();
        } else {
            write(out, text);
            app.console().err().println("Wrote " + artifact + " to " + out);
            app.console().err().flush();
        }
        return ExitCode.OK;
    }

    private static void write(Path file, String text) {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw CliException.failed("cannot write " + file + ": " + e.getMessage(),
                    "check that the directory exists and is writable");
        }
    }

    /** The artifact names, for completion. */
    static final class ArtifactNames extends ArrayList<String> {
        ArtifactNames() {
            super(ARTIFACTS);
        }
    }
}
