package io.kopsauth.cli;

import io.kopsauth.App;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root command: global options, the list of subcommands, exit codes. */
@Command(
        name = "kopsauth",
        mixinStandardHelpOptions = true,
        versionProvider = KopsauthCommand.Version.class,
        usageHelpAutoWidth = true,
        sortOptions = false,
        header = "From AWS credentials to a kops cluster that authenticates you through IAM, and back.",
        description = {
            "",
            "kopsauth automates 'Deploying the AWS IAM Authenticator to kops': a kops cluster with an S3 state "
                    + "store, RBAC and the AWS IAM Authenticator, a KubernetesAdmin IAM role, the authenticator's "
                    + "mapping and a kubeconfig exec user, validated end to end; and removes all of it again.",
            ""
        },
        subcommands = {
            CommandLine.HelpCommand.class,
            DoctorCommand.class,
            RenderCommand.class,
            SetupCommand.class,
            TeardownCommand.class,
            StatusCommand.class,
            TutorialCommand.class,
            SandboxCommand.class,
            CompletionCommand.class,
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  kopsauth tutorial                     the blog, step by step, on the local sandbox (no AWS account)",
            "  kopsauth setup --sandbox -y           the whole flow on the local sandbox (no AWS account)",
            "  kopsauth doctor                       check tools and AWS credentials",
            "  kopsauth status                       the clusters kopsauth knows",
            "  kopsauth teardown --name demo.k8s.local --dry-run   what teardown would delete and keep",
            "  kopsauth render configmap --name demo.k8s.local --account-id 111122223333",
            "  kopsauth sandbox up                   start the local AWS/kops/Kubernetes sandbox",
            "  source <(kopsauth completion bash)    shell completion",
            "",
            "Run 'kopsauth COMMAND --help' for a command's options and examples."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success (including a dry run or a preview)",
            "1:an operation failed (the message says which and what to do)",
            "2:bad usage or invalid input; nothing was created",
            "3:preflight failed: a required tool or credentials are missing",
            "130:interrupted (Ctrl-C); re-run the same command to resume"
        })
public final class KopsauthCommand implements Runnable {
    private final App app;

    @Spec
    CommandLine.Model.CommandSpec spec;

    public KopsauthCommand(App app) {
        this.app = app;
    }

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Show details and stack traces on errors.")
    void verbose(boolean v) {
        app.verbose(v);
    }

    @Option(names = "--no-color", scope = ScopeType.INHERIT,
            description = "Never colour the output (NO_COLOR=1 does the same).")
    void noColor(boolean v) {
        app.noColor(v);
    }

    @Override
    public void run() {
        spec.commandLine().usage(app.out());
    }

    /** Reads the version the build wrote into the jar. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = KopsauthCommand.class.getResourceAsStream("/io/kopsauth/version.properties")) {
                if (in != null) p.load(in);
            }
            return new String[] {"kopsauth " + p.getProperty("version", "unknown"),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
