package io.kopsauth.doctor;

import io.kopsauth.aws.Arns;
import io.kopsauth.aws.AwsClients;
import io.kopsauth.aws.AwsErrors;
import io.kopsauth.cli.CliException;
import io.kopsauth.exec.Cmd;
import io.kopsauth.exec.ProcResult;
import io.kopsauth.exec.ProcessRunner;
import io.kopsauth.json.Json;
import io.kopsauth.kube.Kubeconfig;
import io.kopsauth.kube.KubeconfigFile;
import io.kopsauth.kube.Kubectl;
import io.kopsauth.kube.KubectlCommands;
import io.kopsauth.render.MappingMode;
import io.kopsauth.setup.Values;
import io.kopsauth.token.PresignedUrlChecks;
import io.kopsauth.token.SigningCredentials;
import io.kopsauth.token.StsPresigner;
import io.kopsauth.token.Token;
import io.kopsauth.token.TokenIdentity;
import io.kopsauth.token.TokenVerifier;
import io.kopsauth.workflow.RunState;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * The chain of trust from the caller's AWS credentials to cluster-admin through IAM, walked link by link and
 * stopped at the first broken link, which is named with its fix.
 */
public final class ChainOfTrust {
    /** The links in the order they are walked. */
    public static final List<String> LINKS = List.of("credentials", "assume-role", "token", "verify", "mapping", "rbac",
            "exec-version");
    static final String NAMESPACE = "kube-system";
    static final String CONFIGMAP = "aws-iam-authenticator";

    private final AwsClients clients;
    private final Kubectl kubectl;
    private final ProcessRunner runner;
    private final Map<String, String> env;
    private final Clock clock;

    /**
     * What the chain is checked against, as setup's journal records it.
     *
     * @param cluster         the cluster name
     * @param clusterId       the authenticator's cluster ID
     * @param adminRoleArn    the admin role
     * @param mode            where the mappings live
     * @param adminKubeconfig kops' admin kubeconfig (client certificate, not IAM)
     * @param kubeconfig      the user's kubeconfig with the exec user
     * @param context         the context of the exec user in it
     * @param externalIdSet   true if the trust policy requires an external ID
     * @param requireMfa      true if the trust policy requires MFA
     */
    public record Inputs(String cluster, String clusterId, String adminRoleArn, MappingMode mode, Path adminKubeconfig,
                         Path kubeconfig, String context, boolean externalIdSet, boolean requireMfa) {

        /**
         * The inputs from a setup journal; {@code clusterDir} is where setup keeps the cluster's files.
         *
         * @throws CliException if setup has not got as far as the kubeconfig user
         */
        public static Inputs of(RunState s, Path clusterDir) {
            String name = s.cluster().orElseThrow(() -> CliException.failed("the journal names no cluster"));
            String role = s.value(Values.ADMIN_ROLE_ARN).orElse(null);
            String kubeconfig = s.value(Values.KUBECONFIG).orElse(null);
            String context = s.value(Values.CONTEXT).orElse(null);
            if (role == null || kubeconfig == null || context == null) {
                throw CliException.failed("setup of " + name + " has not finished (no admin role or kubeconfig user in its journal)",
                        "run 'kopsauth setup --name " + name + "' to finish it, then run doctor again");
            }
            String mode = s.value(Values.MAPPING_MODE).orElse(s.input("mapping").orElse("configmap"));
            Path admin = s.value(Values.ADMIN_KUBECONFIG).map(Path::of).orElse(clusterDir.resolve("admin.kubeconfig"));
            return new Inputs(name, s.input("clusterId").orElse(name), role, MappingMode.parse(mode), admin,
                    Path.of(kubeconfig), context, s.input("externalId").isPresent(),
                    Boolean.parseBoolean(s.input("requireMfa").orElse("false")));
        }
    }

    /**
     * One link's result.
     *
     * @param id     one of {@link #LINKS}
     * @param ok     true if the link holds
     * @param detail what was found
     * @param fix    what to do when it is broken, else null
     */
    public record Link(String id, boolean ok, String detail, String fix) {
        static Link ok(String id, String detail) {
            return new Link(id, true, detail, null);
        }

        static Link broken(String id, String detail, String fix) {
            return new Link(id, false, detail, fix);
        }

        Map<String, Object> toJson() {
            return Json.obj("link", id, "ok", ok, "detail", detail, "fix", fix);
        }
    }

    /** The links walked, the last one broken unless the chain holds. */
    public record Report(String cluster, List<Link> links) {
        public Report {
            links = List.copyOf(links);
        }

        public boolean ok() {
            return links.size() == LINKS.size() && links.stream().allMatch(Link::ok);
        }

        public Optional<Link> broken() {
            return links.stream().filter(l -> !l.ok()).findFirst();
        }

        public Map<String, Object> toJson() {
            return Json.obj("cluster", cluster, "ok", ok(), "broken", broken().map(Link::id).orElse(null),
                    "links", links.stream().map(Link::toJson).toList());
        }
    }

    public ChainOfTrust(AwsClients clients, Kubectl kubectl, ProcessRunner runner, Map<String, String> env, Clock clock) {
        this.clients = clients;
        this.kubectl = kubectl;
        this.runner = runner;
        this.env = Map.copyOf(env);
        this.clock = clock;
    }

    /** Walks the chain, stopping at the first broken link. */
    public Report walk(Inputs in) {
        List<Link> done = new ArrayList<>();
        Walk w = new Walk(in);
        for (String id : LINKS) {
            Link l;
            try {
                l = w.check(id);
            } catch (CliException e) {
                l = Link.broken(id, e.getMessage(), e.hints().isEmpty() ? "see the log for details" : e.hints().get(0));
            } catch (SdkException e) {
                CliException t = AwsErrors.translate(id, e);
                l = Link.broken(id, t.getMessage(), t.hints().isEmpty() ? "see the log for details" : t.hints().get(0));
            }
            done.add(l);
            if (!l.ok()) break;
        }
        return new Report(in.cluster(), done);
    }

    /** The state one walk carries from link to link. */
    private final class Walk {
        final Inputs in;
        String caller;
        SigningCredentials roleKeys;
        Token token;

        Walk(Inputs in) {
            this.in = in;
        }

        Link check(String id) {
            return switch (id) {
                case "credentials" -> credentials();
                case "assume-role" -> assumeRole();
                case "token" -> token();
                case "verify" -> verify();
                case "mapping" -> in.mode() == MappingMode.CRD ? crdMapping() : configMapMapping();
                case "rbac" -> rbac();
                default -> execVersion();
            };
        }

        Link credentials() {
            try {
                GetCallerIdentityResponse r = clients.sts().getCallerIdentity();
                caller = r.arn();
                return Link.ok("credentials", "you are " + caller + " (account " + r.account() + ")");
            } catch (SdkException e) {
                CliException t = AwsErrors.translate("sts:GetCallerIdentity", e);
                return Link.broken("credentials", "no usable AWS credentials: " + t.getMessage(),
                        t.hints().isEmpty() ? "configure credentials (aws configure, AWS_PROFILE or --profile) and check "
                                + "with 'aws sts get-caller-identity'" : t.hints().get(0));
            }
        }

        Link assumeRole() {
            // The external ID is not journaled; the kubeconfig user carries it (-e), as kubectl will send it.
            Optional<String> externalId = in.externalIdSet() ? execUser().flatMap(e -> externalIdArg(e.get("args")))
                    : Optional.empty();
            try {
                AssumeRoleRequest.Builder req = AssumeRoleRequest.builder().roleArn(in.adminRoleArn())
                        .roleSessionName("kopsauth-doctor-" + clock.millis()).durationSeconds(900);
                externalId.ifPresent(req::externalId);
                Credentials c = clients.sts().assumeRole(req.build()).credentials();
                roleKeys = new SigningCredentials(c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), c.expiration());
                return Link.ok("assume-role", "assumed " + in.adminRoleArn());
            } catch (SdkException e) {
                if (!"AccessDenied".equals(AwsErrors.code(e))) {
                    CliException t = AwsErrors.translate("sts:AssumeRole " + in.adminRoleArn(), e);
                    return Link.broken("assume-role", t.getMessage(), t.hints().isEmpty()
                            ? "check that the role " + in.adminRoleArn() + " exists ('kopsauth setup --name " + in.cluster()
                            + "' creates it again)" : t.hints().get(0));
                }
                String principal = principal(caller);
                StringBuilder fix = new StringBuilder("allow it: kopsauth setup --name " + in.cluster() + " --trust-principal "
                        + principal + " --update-trust-policy (or add " + principal + " to the role's trust policy)");
                if (in.requireMfa()) {
                    fix.append("; the trust policy requires MFA: use credentials from an MFA session "
                            + "('aws sts get-session-token --serial-number ... --token-code ...')");
                }
                if (in.externalIdSet() && externalId.isPresent()) {
                    fix.append("; the trust policy requires an external ID: doctor sent the one the kubeconfig user "
                            + "passes (-e), check it matches the policy's sts:ExternalId");
                } else if (in.externalIdSet()) {
                    fix.append("; the trust policy requires an external ID and the kubeconfig user of context "
                            + in.context() + " passes none ('aws eks get-token' cannot): use --exec-plugin kopsauth "
                            + "or aws-iam-authenticator");
                }
                return Link.broken("assume-role", "the trust policy of " + in.adminRoleArn() + " does not allow " + caller
                        + " to assume it (AccessDenied)", fix.toString());
            }
        }

        Link token() {
            String region = clients.region() == null ? StsPresigner.DEFAULT_REGION : clients.region();
            URI endpoint = StsPresigner.endpoint(region, stsOverride());
            token = StsPresigner.token(in.clusterId(), region, endpoint, roleKeys, clock.instant());
            return Link.ok("token", "signed a token for cluster ID " + in.clusterId() + " as the admin role (STS "
                    + endpoint.getHost() + ")");
        }

        Link verify() {
            String partition = Arns.parse(in.adminRoleArn()).map(Arns.Arn::partition).orElse("aws");
            try {
                TokenIdentity id = new TokenVerifier(in.clusterId(), partition, stsOverride(), clock).verify(token.value());
                String want = Arns.stripRolePath(in.adminRoleArn());
                if (!want.equals(id.canonicalArn())) {
                    return Link.broken("verify", "the token verifies as " + id.canonicalArn() + ", not " + want,
                            "check the admin role ARN in the journal (" + in.adminRoleArn() + ")");
                }
                return Link.ok("verify", "the authenticator would see " + id.canonicalArn());
            } catch (PresignedUrlChecks.Rejected e) {
                return Link.broken("verify", "the authenticator would reject the token: " + e.getMessage(),
                        "check the clock and the STS endpoint/region the token is signed for");
            }
        }

        Kubectl.Target admin() {
            if (in.adminKubeconfig() == null || !Files.isRegularFile(in.adminKubeconfig())) {
                throw CliException.failed("no admin kubeconfig at " + in.adminKubeconfig(),
                        "re-run 'kopsauth setup --name " + in.cluster() + "' (it exports it again)");
            }
            return new Kubectl.Target(in.adminKubeconfig(), null);
        }

        String reapply() {
            return "re-run 'kopsauth setup --name " + in.cluster() + "' (its apply-mapping step applies the mapping again)";
        }

        @SuppressWarnings("unchecked")
        Link configMapMapping() {
            Optional<Map<String, Object>> cm = kubectl.get(admin(), "configmap", NAMESPACE, CONFIGMAP);
            String where = "ConfigMap " + NAMESPACE + "/" + CONFIGMAP;
            if (cm.isEmpty()) return Link.broken("mapping", where + " does not exist", reapply());
            Object data = ((Map<String, Object>) cm.get().getOrDefault("data", Map.of())).get("config.yaml");
            if (!(data instanceof String text)) return Link.broken("mapping", where + " has no config.yaml", reapply());
            Map<String, Object> config;
            try {
                Object o = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
                config = o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            } catch (RuntimeException e) {
                return Link.broken("mapping", where + ": config.yaml is not YAML (" + e.getMessage().lines().findFirst().orElse("")
                        + ")", reapply());
            }
            Object clusterId = config.get("clusterID");
            if (!in.clusterId().equals(clusterId)) {
                return Link.broken("mapping", where + " has clusterID " + clusterId + ", but tokens are made for "
                        + in.clusterId() + ", so the authenticator rejects them", reapply());
            }
            Object server = config.getOrDefault("server", Map.of());
            Object roles = server instanceof Map<?, ?> s ? s.get("mapRoles") : null;
            String want = Arns.stripRolePath(in.adminRoleArn());
            List<String> arns = new ArrayList<>();
            if (roles instanceof List<?> l) {
                for (Object r : l) if (r instanceof Map<?, ?> m && m.get("roleARN") != null) arns.add(String.valueOf(m.get("roleARN")));
            }
            for (String a : arns) {
                if (a.equals(want)) return Link.ok("mapping", where + " maps " + want + " (clusterID " + in.clusterId() + ")");
            }
            for (String a : arns) {
                if (Arns.stripRolePath(a).equals(want)) {
                    return Link.broken("mapping", where + " maps " + a + ", with an IAM path: the authenticator compares "
                            + "path-less role ARNs, so it never matches " + want, "map " + want + " instead; " + reapply());
                }
            }
            return Link.broken("mapping", where + " does not map " + want, reapply());
        }

        @SuppressWarnings("unchecked")
        Link crdMapping() {
            String want = Arns.stripRolePath(in.adminRoleArn());
            List<String> arns = new ArrayList<>();
            for (Map<String, Object> m : kubectl.list(admin(), "iamidentitymappings", null, null)) {
                Object spec = m.get("spec");
                if (spec instanceof Map<?, ?> s && s.get("arn") != null) arns.add(String.valueOf(s.get("arn")));
            }
            if (arns.contains(want)) return Link.ok("mapping", "an IAMIdentityMapping maps " + want);
            for (String a : arns) {
                if (Arns.stripRolePath(a).equals(want)) {
                    return Link.broken("mapping", "the IAMIdentityMapping for " + a + " has an IAM path: the authenticator "
                            + "compares path-less role ARNs, so it never matches " + want, "map " + want + " instead; " + reapply());
                }
            }
            return Link.broken("mapping", "no IAMIdentityMapping maps " + want,
                    "re-run 'kopsauth setup --name " + in.cluster() + "' (kops renders the mappings from the cluster spec)");
        }

        Link rbac() {
            Kubectl.Target t = new Kubectl.Target(in.kubeconfig(), in.context());
            ProcResult r = runner.run(KubectlCommands.canI(t, "*", "*").withEnv(env));
            String answer = r.stdout().strip();
            String how = "kubectl --kubeconfig " + in.kubeconfig() + " --context " + in.context() + " auth can-i '*' '*'";
            if (r.ok() && answer.equals("yes")) return Link.ok("rbac", "you may do everything through IAM (" + how + ": yes)");
            if (answer.equals("no")) {
                return Link.broken("rbac", "authenticated through IAM but not allowed everything (" + how + ": no)",
                        "map the admin role to a group bound to cluster-admin (kopsauth setup --admin-group system:masters)");
            }
            return Link.broken("rbac", how + " failed: " + r.tail(3).strip(),
                    "check the context's exec user ('kubectl config view --minify --context " + in.context()
                            + "'); re-run 'kopsauth setup --name " + in.cluster() + "' to write it again");
        }

        /** The exec section of the context's user in the user's kubeconfig, if there is one. */
        Optional<Map<?, ?>> execUser() {
            Kubeconfig kc = new KubeconfigFile(in.kubeconfig(), clock).read();
            return kc.get(Kubeconfig.Kind.CONTEXTS, in.context()).map(c -> c.get("user"))
                    .flatMap(user -> kc.get(Kubeconfig.Kind.USERS, String.valueOf(user)))
                    .map(u -> u.get("exec") instanceof Map<?, ?> e ? e : null);
        }

        Link execVersion() {
            Optional<Map<?, ?>> exec = execUser();
            if (exec.isEmpty()) {
                return Link.broken("exec-version", "context " + in.context() + " in " + in.kubeconfig()
                        + " has no user with an exec credential plugin", "re-run 'kopsauth setup --name " + in.cluster() + "'");
            }
            Map<?, ?> e = exec.get();
            int minor = kubectlMinor();
            String apiVersion = String.valueOf(e.get("apiVersion"));
            Optional<String> problem = execProblem(apiVersion, e.get("interactiveMode") == null ? null
                    : String.valueOf(e.get("interactiveMode")), minor);
            return problem.map(p -> Link.broken("exec-version", p, "re-run 'kopsauth setup --name " + in.cluster()
                            + "' to write the exec user with apiVersion client.authentication.k8s.io/v1 and interactiveMode"))
                    .orElseGet(() -> Link.ok("exec-version", apiVersion + " works with kubectl 1." + minor));
        }

        int kubectlMinor() {
            ProcResult r = runner.run(Cmd.of("kubectl", "version", "--client", "-o", "json").asReadOnly()
                    .withTimeout(Duration.ofSeconds(60)).withEnv(env));
            if (!r.ok()) throw CliException.failed("'kubectl version --client' failed: " + r.tail(3).strip(), "check kubectl");
            Object cv = Json.parseObject(r.stdout()).get("clientVersion");
            String minor = cv instanceof Map<?, ?> m ? String.valueOf(m.get("minor")) : "";
            return Integer.parseInt(minor.replaceAll("\\D", ""));
        }
    }

    private URI stsOverride() {
        return clients.settings().endpoint("sts").orElse(null);
    }

    /**
     * The external ID an exec plugin's arguments pass: {@code -e ID}, {@code --external-id ID} or
     * {@code --external-id=ID} (aws-iam-authenticator's and kopsauth token's flags).
     */
    static Optional<String> externalIdArg(Object args) {
        if (!(args instanceof List<?> l)) return Optional.empty();
        for (int i = 0; i < l.size(); i++) {
            String a = String.valueOf(l.get(i));
            if ((a.equals("-e") || a.equals("--external-id")) && i + 1 < l.size()) return Optional.of(String.valueOf(l.get(i + 1)));
            if (a.startsWith("--external-id=")) return Optional.of(a.substring("--external-id=".length()));
        }
        return Optional.empty();
    }

    /** The trust-policy principal for a caller: an assumed role's role, else the ARN itself. */
    static String principal(String callerArn) {
        if (callerArn == null) return "<your ARN>";
        try {
            return Arns.canonicalize(callerArn);
        } catch (IllegalArgumentException e) {
            return callerArn;
        }
    }

    /**
     * Why a kubeconfig exec user does not work with a kubectl of this minor version, if it does not: v1alpha1 was
     * removed in kubectl 1.24, and v1 requires interactiveMode.
     */
    public static Optional<String> execProblem(String apiVersion, String interactiveMode, int kubectlMinor) {
        if (apiVersion.endsWith("/v1alpha1") && kubectlMinor >= 24) {
            return Optional.of("the exec user uses " + apiVersion + ", which kubectl 1.24 and later (this is 1."
                    + kubectlMinor + ") no longer support");
        }
        if (apiVersion.endsWith("/v1") && (interactiveMode == null || interactiveMode.isBlank())) {
            return Optional.of("the exec user uses " + apiVersion + " without interactiveMode, which kubectl rejects");
        }
        if (!apiVersion.startsWith("client.authentication.k8s.io/")) {
            return Optional.of("the exec user has apiVersion " + apiVersion + ", not client.authentication.k8s.io/v1");
        }
        return Optional.empty();
    }
}
