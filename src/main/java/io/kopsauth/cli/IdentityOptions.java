package io.kopsauth.cli;

import io.kopsauth.render.Artifacts;
import io.kopsauth.render.AuthInputs;
import io.kopsauth.render.IdentityMapping;
import io.kopsauth.render.Inputs;
import io.kopsauth.render.MappingMode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options that say who may use the cluster and how: the admin role and its mapping, further role/user/account
 * mappings, the trust policy's hardening, the kubeconfig exec plugin and where mappings live. A mixin shared by
 * render and setup; {@link #inputs} validates everything into {@link AuthInputs} (bad values: exit 2).
 */
public final class IdentityOptions {
    @Option(names = "--admin-role-name", paramLabel = "NAME", defaultValue = AuthInputs.DEFAULT_ADMIN_ROLE,
            description = "IAM role that administers the cluster (default: ${DEFAULT-VALUE}).")
    String adminRoleName;

    @Option(names = "--admin-username", paramLabel = "USER", defaultValue = AuthInputs.DEFAULT_ADMIN_USERNAME,
            description = "Kubernetes username the admin role maps to (default: ${DEFAULT-VALUE}); may use "
                    + "{{SessionName}} and the authenticator's other placeholders.")
    String adminUsername;

    @Option(names = "--admin-group", paramLabel = "GROUP",
            description = "Kubernetes group of the admin role; repeatable (default: " + AuthInputs.DEFAULT_ADMIN_GROUP + ").")
    List<String> adminGroups = new ArrayList<>();

    @Option(names = "--map-role", paramLabel = "ARN=USER[:GROUP,...]",
            description = "Map another IAM role; repeatable. '\\' escapes ':' ',' '=' (e.g. "
                    + "arn:aws:iam::111122223333:role/Dev=dev\\:{{SessionName}}:developers).")
    List<String> mapRoles = new ArrayList<>();

    @Option(names = "--map-user", paramLabel = "ARN=USER[:GROUP,...]",
            description = "Map an IAM user; repeatable (e.g. arn:aws:iam::111122223333:user/alice=alice:system:masters).")
    List<String> mapUsers = new ArrayList<>();

    @Option(names = "--map-account", paramLabel = "ACCOUNT",
            description = "Let every identity of this account in, named by its ARN, with no groups; repeatable "
                    + "(ConfigMap mode only).")
    List<String> mapAccounts = new ArrayList<>();

    @Option(names = "--trust-principal", paramLabel = "ARN",
            description = "Principal allowed to assume the admin role; repeatable (default: the account root, as in the blog).")
    List<String> trustPrincipals = new ArrayList<>();

    @Option(names = "--require-mfa", description = "Trust policy requires MFA (aws:MultiFactorAuthPresent).")
    boolean requireMfa;

    @Option(names = "--mfa-max-age", paramLabel = "SECONDS",
            description = "With --require-mfa: the MFA login must be younger than this (aws:MultiFactorAuthAge).")
    Long mfaMaxAge;

    @Option(names = "--external-id", paramLabel = "ID",
            description = "Trust policy requires this sts:ExternalId; the exec plugin passes it (-e).")
    String externalId;

    @Option(names = {"--exec-plugin", "--exec-command"}, paramLabel = "PLUGIN", defaultValue = AuthInputs.DEFAULT_EXEC_COMMAND,
            description = "kubeconfig credential plugin: aws-iam-authenticator, aws (aws eks get-token), kopsauth "
                    + "(this tool's own 'token' command, by absolute path) or a path (default: ${DEFAULT-VALUE}; "
                    + "setup falls back to 'aws eks get-token', then to kopsauth, when it is not on PATH).")
    String execCommand;

    @Option(names = "--mapping", paramLabel = "configmap|crd|auto", defaultValue = "configmap",
            completionCandidates = MappingModes.class,
            description = "Where the identity mappings live: the authenticator's ConfigMap (the blog's way, any kops) "
                    + "or kops' identityMappings with backendMode CRD (kops 1.23+, not 1.36.0); setup also takes auto (CRD where "
                    + "the kops version supports it). Default: ${DEFAULT-VALUE}.")
    String mapping;

    /**
     * Validates the options (with the cluster options and a cluster name, which setup may generate) into
     * {@link AuthInputs}; any invalid value is a usage error naming the option and why.
     */
    public AuthInputs inputs(ClusterOptions cluster, String name, String region) {
        try {
            if (name == null) throw new Artifacts.InvalidInputException("--name: is required (e.g. --name demo.k8s.local)");
            List<IdentityMapping> roles = new ArrayList<>();
            for (String s : mapRoles) roles.add(Inputs.parseMapping("--map-role", s, true));
            List<IdentityMapping> users = new ArrayList<>();
            for (String s : mapUsers) users.add(Inputs.parseMapping("--map-user", s, false));
            return new AuthInputs(name, cluster.clusterId(), cluster.accountId(), region, cluster.profile(),
                    adminRoleName, adminUsername, adminGroups.isEmpty() ? List.of(AuthInputs.DEFAULT_ADMIN_GROUP) : adminGroups,
                    roles, users, mapAccounts, trustPrincipals, requireMfa, mfaMaxAge, externalId, execCommand,
                    MappingMode.parse(mapping));
        } catch (Artifacts.InvalidInputException e) {
            throw CliException.usage(e.getMessage(), "run the command with --help for the expected formats");
        }
    }

    /** The values of --mapping, for completion. */
    static final class MappingModes extends ArrayList<String> {
        MappingModes() {
            super(List.of("configmap", "crd", "auto"));
        }
    }
}
