package io.kopsauth.preflight;

import io.kopsauth.aws.AwsClients;
import io.kopsauth.aws.AwsSettings;
import io.kopsauth.exec.Cmd;
import io.kopsauth.exec.Executables;
import io.kopsauth.exec.ProcResult;
import io.kopsauth.exec.ProcessRunner;
import io.kopsauth.json.Json;
import io.kopsauth.kops.KopsVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * The checks a user needs before setup — Java, kops (and what its version can do), kubectl, the optional
 * aws-iam-authenticator and AWS CLI, the AWS region, credentials and an STS GetCallerIdentity answer — as data.
 * {@code kopsauth doctor} prints them; setup's preflight step runs the same checks and reuses the findings.
 */
public final class Preflight {
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(30);
    static final String KOPS_INSTALL = "install kops 1.36.1 or later: https://kops.sigs.k8s.io/getting_started/install/";

    /** How a check came out. */
    public enum Status {
        OK, WARN, FAIL;

        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One check: a name, the outcome, what was found, and what to do about it (null when nothing). */
    public record Check(String name, Status status, String detail, String hint) {
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("status", status.json());
            m.put("detail", detail);
            m.put("hint", hint);
            return m;
        }
    }

    /** Who the credentials belong to. */
    public record Caller(String account, String arn) {}

    /** Answers STS GetCallerIdentity; throws with a message for humans when it cannot. */
    @FunctionalInterface
    public interface CallerIdentity {
        Caller whoAmI();
    }

    /**
     * What the checks found: every check in order, plus the facts setup needs afterwards.
     *
     * @param checks       every check, in order
     * @param kopsVersion  the kops version, if kops ran and printed one
     * @param kopsPath     where kops was found, if anywhere
     * @param caller       the STS identity, if credentials work
     * @param region       the resolved region, or null
     */
    public record Report(List<Check> checks, KopsVersion kopsVersion, Path kopsPath, Caller caller, String region) {
        public Report {
            checks = List.copyOf(checks);
        }

        /** True when no check failed (warnings allowed). */
        public boolean ok() {
            return checks.stream().noneMatch(c -> c.status() == Status.FAIL);
        }

        public List<Check> failures() {
            return checks.stream().filter(c -> c.status() == Status.FAIL).toList();
        }

        public Map<String, Object> toJson() {
            return Json.obj("checks", checks.stream().map(Check::toJson).toList(), "ok", ok());
        }
    }

    private final ProcessRunner runner;
    private final Map<String, String> env;
    private final AwsSettings aws;
    private final CallerIdentity identity;

    /**
     * @param runner   runs the tools
     * @param env      the environment whose PATH is searched and handed to the tools
     * @param aws      resolved AWS settings (region)
     * @param identity answers GetCallerIdentity (see {@link #sts})
     */
    public Preflight(ProcessRunner runner, Map<String, String> env, AwsSettings aws, CallerIdentity identity) {
        this.runner = runner;
        this.env = Map.copyOf(env);
        this.aws = aws;
        this.identity = identity;
    }

    /** GetCallerIdentity through the SDK clients, with failures turned into one-line reasons. */
    public static CallerIdentity sts(AwsClients clients) {
        return () -> {
            try {
                GetCallerIdentityResponse r = clients.sts().getCallerIdentity();
                return new Caller(r.account(), r.arn());
            } catch (AwsServiceException e) {
                String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
                String msg = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
                throw new IllegalStateException((code == null ? "" : code + ": ") + msg, e);
            } catch (SdkException e) {
                throw new IllegalStateException(String.valueOf(e.getMessage()), e);
            }
        };
    }

    /** Runs every check in order. */
    public Report run() {
        return run(true);
    }

    /**
     * Runs the checks; without {@code optionalTools} the probes of the optional aws-iam-authenticator and AWS CLI
     * are left out (setup checks the one credential plugin it will use, and the AWS CLI takes seconds to start).
     */
    public Report run(boolean optionalTools) {
        List<Check> checks = new ArrayList<>();
        checks.add(java());
        KopsFinding kops = kops();
        checks.addAll(kops.checks());
        checks.add(kubectl());
        if (optionalTools) addOptionalTools(checks);
        return finish(checks, kops);
    }

    private void addOptionalTools(List<Check> checks) {
        checks.add(optionalTool("aws-iam-authenticator", List.of("version"),
                "optional (the kubeconfig exec plugin): https://github.com/kubernetes-sigs/aws-iam-authenticator/releases,"
                        + " or use --exec-plugin kopsauth (built in) or aws"));
        checks.add(optionalTool("aws", List.of("--version"),
                "optional (for the manual commands the tutorial shows): https://aws.amazon.com/cli/ (pip install awscli)"));
    }

    private Report finish(List<Check> checks, KopsFinding kops) {
        Check region = region();
        checks.add(region);
        Caller caller = null;
        if (region.status() == Status.OK) {
            try {
                caller = identity.whoAmI();
                checks.add(new Check("AWS credentials", Status.OK, "account " + caller.account() + ", " + caller.arn(), null));
            } catch (RuntimeException e) {
                checks.add(credentialFailure(e));
            }
        } else {
            checks.add(new Check("AWS credentials", Status.FAIL, "not checked: no region to call STS in",
                    "fix the region first"));
        }
        return new Report(checks, kops.version(), kops.path(), caller, aws.region());
    }

    /** The JVM running kopsauth (17+ is required by the build, so this is informational). */
    public Check java() {
        Runtime.Version v = Runtime.version();
        String detail = "Java " + v + " (" + System.getProperty("java.vm.name") + ")";
        return v.feature() >= 17 ? new Check("java", Status.OK, detail, null)
                : new Check("java", Status.FAIL, detail, "install Java 17 or later");
    }

    /** What the kops check found. */
    public record KopsFinding(List<Check> checks, KopsVersion version, Path path) {}

    /** kops on PATH, its version, and one warning per feature that version lacks or breaks. */
    public KopsFinding kops() {
        Optional<Path> path = Executables.find("kops", env.get("PATH"));
        if (path.isEmpty()) {
            return new KopsFinding(List.of(new Check("kops", Status.FAIL, "not found on PATH", KOPS_INSTALL)), null, null);
        }
        ProcResult r;
        try {
            r = runTool(path.get(), List.of("version"));
        } catch (RuntimeException e) {
            return new KopsFinding(List.of(new Check("kops", Status.FAIL, path.get() + " could not run: " + e.getMessage(),
                    KOPS_INSTALL)), null, path.get());
        }
        Optional<KopsVersion> v = KopsVersion.parse(r.stdout() + "\n" + r.stderr());
        if (!r.ok() || v.isEmpty()) {
            return new KopsFinding(List.of(new Check("kops", Status.WARN, path.get() + ": 'kops version' "
                    + (r.ok() ? "printed no version" : "exited " + r.exitCode()) + ": " + oneLine(r.tail(1)),
                    "check the kops installation: " + KOPS_INSTALL)), null, path.get());
        }
        List<Check> checks = new ArrayList<>();
        checks.add(new Check("kops", Status.OK, "kops " + v.get() + " (" + path.get() + ")", null));
        for (String w : v.get().warnings()) checks.add(new Check("kops " + v.get(), Status.WARN, w, KOPS_INSTALL));
        return new KopsFinding(checks, v.get(), path.get());
    }

    /** kubectl on PATH and its client version ({@code kubectl version --client -o json}). */
    public Check kubectl() {
        Optional<Path> path = Executables.find("kubectl", env.get("PATH"));
        String install = "install kubectl: https://kubernetes.io/docs/tasks/tools/ (Debian: apt-get install kubernetes-client)";
        if (path.isEmpty()) return new Check("kubectl", Status.FAIL, "not found on PATH", install);
        try {
            ProcResult r = runTool(path.get(), List.of("version", "--client", "-o", "json"));
            String version = null;
            if (r.ok()) {
                try {
                    Object client = Json.parseObject(r.stdout()).get("clientVersion");
                    if (client instanceof Map<?, ?> m && m.get("gitVersion") instanceof String s) version = s;
                } catch (Json.JsonException e) {
                    version = null;
                }
            }
            if (version == null) {
                return new Check("kubectl", Status.WARN, path.get() + ": no client version in 'kubectl version --client -o json': "
                        + oneLine(r.tail(1)), "check the kubectl installation: " + install);
            }
            return new Check("kubectl", Status.OK, "kubectl " + version + " (" + path.get() + ")", null);
        } catch (RuntimeException e) {
            return new Check("kubectl", Status.FAIL, path.get() + " could not run: " + e.getMessage(), install);
        }
    }

    /** The region AWS calls will use. */
    public Check region() {
        if (aws.region() == null) {
            return new Check("AWS region", Status.FAIL, "no region configured",
                    "pass --region REGION or set AWS_REGION (e.g. export AWS_REGION=us-west-1)");
        }
        return new Check("AWS region", Status.OK, aws.region() + (aws.profile() == null ? "" : " (profile " + aws.profile() + ")"), null);
    }

    private Check optionalTool(String name, List<String> args, String hint) {
        Optional<Path> path = Executables.find(name, env.get("PATH"));
        if (path.isEmpty()) return new Check(name, Status.WARN, "not found on PATH", hint);
        try {
            ProcResult r = runTool(path.get(), args);
            String text = (r.stdout() + "\n" + r.stderr()).strip();
            String version = firstVersion(text);
            if (!r.ok()) return new Check(name, Status.WARN, path.get() + " exited " + r.exitCode() + ": " + oneLine(r.tail(1)), hint);
            return new Check(name, Status.OK, name + (version == null ? "" : " " + version) + " (" + path.get() + ")", null);
        } catch (RuntimeException e) {
            return new Check(name, Status.WARN, path.get() + " could not run: " + e.getMessage(), hint);
        }
    }

    private ProcResult runTool(Path program, List<String> args) {
        List<String> argv = new ArrayList<>();
        argv.add(program.toString());
        argv.addAll(args);
        Cmd cmd = Cmd.of(argv).asReadOnly().withTimeout(TOOL_TIMEOUT);
        if (env.get("PATH") != null) cmd = cmd.withEnv("PATH", env.get("PATH"));
        return runner.run(cmd);
    }

    private Check credentialFailure(RuntimeException e) {
        String msg = String.valueOf(e.getMessage());
        String lower = msg.toLowerCase(Locale.ROOT);
        String hint;
        if (lower.contains("unable to load credentials") || lower.contains("profile file contained no credentials")
                || lower.contains("no credentials")) {
            hint = "run 'aws configure', set AWS_PROFILE or pass --profile";
            msg = "no AWS credentials found";
        } else if (lower.contains("expired")) {
            hint = "run 'aws sso login' (or refresh your credentials)";
        } else if (lower.contains("connect") || lower.contains("unknownhost") || lower.contains("unable to execute http")) {
            hint = "check your network, and AWS_ENDPOINT_URL if you set it";
        } else {
            hint = "check AWS_PROFILE / --profile and your keys: 'aws sts get-caller-identity' must work";
        }
        return new Check("AWS credentials", Status.FAIL, "sts:GetCallerIdentity failed: " + oneLine(msg), hint);
    }

    private static final Pattern ANY_VERSION = Pattern.compile("v?(\\d+\\.\\d+\\.\\d+[0-9A-Za-z.+-]*)");

    private static String firstVersion(String text) {
        Matcher m = ANY_VERSION.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    private static String oneLine(String s) {
        String t = s == null ? "" : s.strip().replace('\n', ' ');
        return t.length() > 200 ? t.substring(0, 200) + "…" : t;
    }
}
