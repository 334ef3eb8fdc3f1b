package io.kopsauth.cli;

import io.kopsauth.App;
import io.kopsauth.aws.AwsClients;
import io.kopsauth.aws.AwsSettings;
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
                + "and the AWS CLI (optional), the AWS region and credentials (STS GetCallerIdentity).",
        description = {
            "",
            "Each check prints one line: ✔ ok, ! warning (optional or degraded), ✖ failed, with what to do next.",
            "Tools are looked up on PATH; --profile and --region choose the AWS credentials and region as the AWS CLI does.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  kopsauth doctor",
            "  kopsauth doctor --profile dev --region eu-west-1",
            "  kopsauth doctor -o json | jq '.checks[] | select(.status != \"ok\")'",
            "",
            "Exit codes: 0 all required checks passed (warnings allowed), 2 bad usage, 3 a required check failed."
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
        AwsSettings settings = AwsSettings.resolve(profile, region, app.env());
        AwsClients clients = new AwsClients(settings);
        Preflight.Report report;
        try {
            report = new Preflight(app.processRunner(), app.env(), settings, Preflight.sts(clients)).run();
        } finally {
            clients.close();
        }
        if (output.equals("json")) {
            app.out().println(Json.pretty(report.toJson()));
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
        }
        app.out().flush();
        return report.ok() ? ExitCode.OK : ExitCode.PREFLIGHT;
    }

    /** The values of -o, for completion. */
    static final class Formats extends java.util.ArrayList<String> {
        Formats() {
            super(java.util.List.of("text", "json"));
        }
    }
}
