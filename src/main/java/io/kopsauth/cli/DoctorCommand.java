package io.kopsauth.cli;

import io.kopsauth.App;
import io.kopsauth.aws.AwsClients;
import io.kopsauth.aws.AwsSettings;
import io.kopsauth.doctor.ChainOfTrust;
import io.kopsauth.kube.ProcessKubectl;
import io.kopsauth.sandbox.SandboxControl;
import io.kopsauth.workflow.FileJournal;
import io.kopsauth.workflow.RunState;
import java.util.LinkedHashMap;
import java.util.Map;
import io.kopsauth.json.Json;
import io.kopsauth.preflight.Preflight;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kopsauth doctor}: checks tools and AWS credentials before setup, one line each with a fix. */
@Command(name = "doctor",
        mixinStandardHelpOptions = true,
        versionProvider = KopsauthCommand.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        header = "Check what setup needs: Java, kops (and what its version supports), kubectl, aws-iam-authenticator "
                + "and the AWS CLI (optional), the AWS region and credentials (STS GetCallerIdentity); with --name, "
                + "walk a set-up cluster's chain of trust from your credentials to cluster-admin through IAM.",
        description = {
            "",
            "Each check prints one line: ✔ ok, ! warning (optional or degraded), ✖ failed, with what to do next.",
            "Tools are looked up on PATH; --profile and --region choose the AWS credentials and region as the AWS CLI does.",
            "",
            "With --name, doctor reads the cluster's setup journal and walks its chain",
            "of trust, stopping at the first broken link:",
            "  credentials   your AWS credentials work (STS GetCallerIdentity)",
            "  assume-role   the admin role's trust policy lets you assume it (with",
            "                the external ID the kubeconfig user passes, if any)",
            "  token         a token is signed for the cluster ID as the role",
            "  verify        the authenticator would accept it (checks, then STS)",
            "  mapping       the cluster maps the role (admin kubeconfig): ConfigMap",
            "                kube-system/aws-iam-authenticator has the role ARN with",
            "                no IAM path and the right clusterID (crd mode:",
            "                an IAMIdentityMapping maps it)",
            "  rbac          kubectl auth can-i '*' '*' says yes through your",
            "                kubeconfig context (IAM end to end)",
            "  exec-version  the exec apiVersion works with your kubectl (v1alpha1",
            "                is gone since 1.24; v1 needs interactiveMode)",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  kopsauth doctor",
            "  kopsauth doctor --profile dev --region eu-west-1",
            "  kopsauth doctor -o json | jq '.checks[] | select(.status != \"ok\")'",
            "  # why can't I reach my cluster?",
            "  kopsauth doctor --name demo.k8s.local",
            "  kopsauth doctor --sandbox --name demo.k8s.local -o json | jq .chain.broken",
            "",
            "Exit codes: 0 all required checks passed (warnings allowed) and the chain holds, 1 a link of the chain is "
                    + "broken, 2 bad usage, 3 a required check failed."
        })
public final class DoctorCommand implements Callable<Integer>, Logged {
    private final App app;

    @Option(names = {"-o", "--output"}, paramLabel = "text|json", defaultValue = "text",
            completionCandidates = Formats.class, description = "Output format (default: ${DEFAULT-VALUE}).")
    String output;

    @Option(names = "--profile", paramLabel = "PROFILE", description = "AWS profile (default: AWS_PROFILE).")
    String profile;

    @Option(names = "--region", paramLabel = "REGION",
            description = "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION or the profile's region).")
    String region;

    @Option(names = "--name", paramLabel = "NAME",
            description = "Also walk the chain of trust of this cluster (set up by kopsauth setup; read from its journal).")
    String name;

    @Option(names = "--sandbox", description = "Start the local sandbox if needed and check against it.")
    boolean sandbox;

    public DoctorCommand(App app) {
        this.app = app;
    }

    @Override
    public String logName() {
        return "doctor";
    }

    @Override
    public Integer call() {
        if (!output.equals("text") && !output.equals("json")) {
            throw CliException.usage("unknown output format '" + output + "'", "use -o text or -o json");
        }
        RunState journal = null;
        if (name != null) {
            journal = new FileJournal(app.home().clusters()).load(name).orElseThrow(() -> CliException.usage(
                    "no setup journal for cluster '" + name + "' in " + app.home().clusters(),
                    "doctor --name checks clusters made by 'kopsauth setup'; see 'kopsauth status' for the ones there are"));
        }
        Map<String, String> env = new LinkedHashMap<>(app.env());
        if (sandbox) env.putAll(SandboxControl.ensureUp(app));
        String profileFlag = profile != null || journal == null ? profile : journal.input("profile").orElse(null);
        String regionFlag = region != null || journal == null ? region : journal.input("region").orElse(null);
        AwsSettings settings = AwsSettings.resolve(profileFlag, regionFlag, env);
        AwsClients clients = new AwsClients(settings);
        Preflight.Report report;
        ChainOfTrust.Report chain = null;
        try {
            report = new Preflight(app.processRunner(), env, settings, Preflight.sts(clients)).run();
            if (journal != null && report.ok()) {
                ChainOfTrust.Inputs in = ChainOfTrust.Inputs.of(journal, app.home().cluster(name));
                chain = new ChainOfTrust(clients, new ProcessKubectl(app.processRunner(), env), app.processRunner(), env,
                        app.clock()).walk(in);
            }
        } finally {
            clients.close();
        }
        if (output.equals("json")) {
            Map<String, Object> json = new LinkedHashMap<>(report.toJson());
            if (chain != null) json.put("chain", chain.toJson());
            app.out().println(Json.pretty(json));
        } else {
            for (Preflight.Check c : report.checks()) {
                String mark = switch (c.status()) {
                    case OK -> app.console().style("green", "✔");
                    case WARN -> app.console().style("yellow", "!");
                    case FAIL -> app.console().style("red", "✖");
                };
                app.out().println(mark + " " + c.name() + ": " + c.detail());
                if (c.hint() != null && c.status() != Preflight.Status.OK) {
                    app.out().println("    " + app.console().style("cyan", "→") + " " + c.hint());
                }
            }
            app.out().println();
            if (report.ok()) {
                app.out().println("All required checks passed.");
            } else {
                app.out().println(report.failures().size() + " required check(s) failed: "
                        + String.join(", ", report.failures().stream().map(Preflight.Check::name).toList()));
            }
            if (chain != null) printChain(chain);
        }
        app.out().flush();
        if (!report.ok()) return ExitCode.PREFLIGHT;
        return chain == null || chain.ok() ? ExitCode.OK : ExitCode.FAILED;
    }

    private void printChain(ChainOfTrust.Report chain) {
        var c = app.console();
        app.out().println();
        app.out().println("Chain of trust of " + chain.cluster() + ":");
        for (ChainOfTrust.Link l : chain.links()) {
            app.out().println((l.ok() ? c.style("green", "✔") : c.style("red", "✖")) + " " + l.id() + ": " + l.detail());
            if (!l.ok()) app.out().println("    " + c.style("cyan", "→") + " " + l.fix());
        }
        app.out().println();
        app.out().println(chain.broken().map(l -> "The chain is broken at '" + l.id() + "'.")
                .orElse("The chain holds: your credentials reach cluster-admin through IAM."));
    }

    /** The values of -o, for completion. */
    static final class Formats extends java.util.ArrayList<String> {
        Formats() {
            super(java.util.List.of("text", "json"));
        }
    }
}
