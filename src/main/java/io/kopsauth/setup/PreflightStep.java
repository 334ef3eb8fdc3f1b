package io.kopsauth.setup;

import io.kopsauth.cli.CliException;
import io.kopsauth.cli.ExitCode;
import io.kopsauth.kops.KopsCommands;
import io.kopsauth.kops.KopsVersion;
import io.kopsauth.preflight.Preflight;
import io.kopsauth.render.MappingMode;
import io.kopsauth.workflow.Action;
import io.kopsauth.workflow.Check;
import io.kopsauth.workflow.RunContext;
import io.kopsauth.workflow.RunState;
import io.kopsauth.workflow.Step;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Checks everything setup needs before it creates anything: {@code kopsauth doctor}'s checks (tools, kops and its
 * version, region, AWS credentials through STS), plus zones that belong to the region, a kops version that supports
 * the mapping mode ({@code auto} is decided here) and the kubeconfig credential plugin. A failure ends the run with exit code 3 and nothing created.
 */
public final class PreflightStep implements Step {
    private final SetupInputs in;
    private final SetupPorts ports;

    public PreflightStep(SetupInputs in, SetupPorts ports) {
        this.in = in;
        this.ports = ports;
    }

    @Override
    public String id() {
        return "preflight";
    }

    @Override
    public String title() {
        return "Preflight: credentials, region, kops, kubectl";
    }

    @Override
    public List<Action> describe(RunContext ctx) {
        return List.of(Action.aws("aws sts get-caller-identity", null), Action.command(KopsCommands.version()),
                Action.note("kubectl version --client"), Action.note("kopsauth doctor runs the same checks"));
    }

    @Override
    public Check check(RunContext ctx) {
        return Check.todo("preflight runs on every run");
    }

    private static CliException preflight(String message, String... hints) {
        return new CliException(ExitCode.PREFLIGHT, message, hints);
    }

    @Override
    public void apply(RunContext ctx) {
        RunState s = ctx.state();
        String region = in.region();
        for (String zone : in.zones()) {
            String rest = zone.startsWith(region) ? zone.substring(region.length()) : null;
            if (rest == null || !rest.matches("[a-z]|-[a-z0-9-]*[a-z0-9]")) {
                throw CliException.usage("--zones: zone '" + zone + "' is not in region " + region,
                        "zones are the region plus a letter, e.g. --zones " + region + "a");
            }
        }
        // The same checks as 'kopsauth doctor'.
        Preflight.Report report = ports.preflight().get();
        if (!report.ok()) {
            List<Preflight.Check> failed = report.failures();
            throw preflight("preflight failed: " + failed.stream().map(c -> c.name() + ": " + c.detail()).collect(Collectors.joining("; ")),
                    failed.stream().map(Preflight.Check::hint).filter(h -> h != null).distinct().toArray(String[]::new));
        }
        Preflight.Caller caller = report.caller();
        if (in.auth().accountId() != null && !in.auth().accountId().equals(caller.account())) {
            throw preflight("--account-id is " + in.auth().accountId() + " but the AWS credentials are for account " + caller.account(),
                    "drop --account-id (setup reads it from STS), or use credentials of that account (--profile)");
        }
        s.put(Values.ACCOUNT, caller.account());
        s.put(Values.CALLER_ARN, caller.arn());
        ctx.note("AWS account " + caller.account() + " as " + caller.arn());
        KopsVersion v = report.kopsVersion();
        if (v == null) throw preflight("could not read the kops version ('kops version' printed none)", "install kops 1.36.1 or later");
        s.put(Values.KOPS_VERSION, v.toString());
        s.put(Values.MAPPING_MODE, mode(v).flag());
        s.put(Values.EXEC_COMMAND, execCommand());
    }

    private MappingMode mode(KopsVersion v) {
        boolean crdWorks = v.supportsIdentityMappings() && !v.identityMappingsBroken();
        return switch (in.auth().mapping()) {
            case CONFIGMAP -> MappingMode.CONFIGMAP;
            case AUTO -> crdWorks && in.auth().mapAccounts().isEmpty() ? MappingMode.CRD : MappingMode.CONFIGMAP;
            case CRD -> {
                if (!v.supportsIdentityMappings()) {
                    throw preflight("kops " + v + " has no identityMappings (kops 1.23+), which --mapping crd needs",
                            "use --mapping configmap, or upgrade kops");
                }
                if (v.identityMappingsBroken()) {
                    throw preflight("kops " + v + " drops identityMappings (kops issue #18619), so --mapping crd would not work",
                            "use --mapping configmap, or kops 1.36.1 or later");
                }
                yield MappingMode.CRD;
            }
        };
    }

    /**
     * The credential command: as given (kopsauth = our launcher); else the first of aws-iam-authenticator and aws
     * (not with an external ID, which it cannot pass) on PATH; else kopsauth itself, which needs no other tool.
     */
    private String execCommand() {
        String cmd = in.execCommandGiven() ? in.auth().execCommand() : defaultExecCommand();
        if ("kopsauth".equals(cmd)) {
            if (in.launcher() == null) {
                throw preflight("cannot tell where kopsauth's launcher is (KOPSAUTH_LAUNCHER is not set)",
                        "run kopsauth through scripts/kopsauth, or choose --exec-command aws-iam-authenticator|aws");
            }
            return in.launcher().toString();
        }
        if (ports.which().apply(cmd).isEmpty()) {
            throw preflight("the kubeconfig credential plugin '" + cmd + "' is not installed or not on PATH",
                    "install it (aws-iam-authenticator: https://github.com/kubernetes-sigs/aws-iam-authenticator/releases;"
                            + " the AWS CLI: https://aws.amazon.com/cli/), or choose another with --exec-command");
        }
        if (in.auth().externalId() != null && "aws".equals(Path.of(cmd).getFileName().toString())) {
            throw CliException.usage("--external-id: 'aws eks get-token' cannot pass an ExternalId",
                    "use --exec-command aws-iam-authenticator or --exec-command kopsauth");
        }
        return cmd;
    }

    private String defaultExecCommand() {
        if (ports.which().apply("aws-iam-authenticator").isPresent()) return "aws-iam-authenticator";
        boolean awsCanDo = in.auth().externalId() == null;
        if (awsCanDo && ports.which().apply("aws").isPresent()) return "aws";
        if (in.launcher() != null) return "kopsauth";
        return awsCanDo ? "aws" : "aws-iam-authenticator"; // not installed: the check below says so
    }
}
