package io.kopsauth.render;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a user says about a cluster's IAM authentication, validated: the inputs of every artifact kopsauth
 * renders (ConfigMap, trust policy, kubeconfig exec user, cluster-spec fragment). Built by the CLI options and
 * completed by the setup workflow (e.g. {@link #withAccountId} from STS). Construction rejects invalid values
 * with {@link Artifacts.InvalidInputException}.
 *
 * @param name            kops cluster name (a DNS name with a dot)
 * @param clusterId       the authenticator's cluster ID (defaults to the name)
 * @param accountId       the AWS account of the admin role, or null until known
 * @param region          AWS region, or null if unknown
 * @param profile         AWS profile the exec plugin should use, or null
 * @param adminRoleName   the admin role's name (KubernetesAdmin)
 * @param adminUsername   the Kubernetes username the admin role maps to
 * @param adminGroups     the admin's Kubernetes groups
 * @param mapRoles        further role mappings
 * @param mapUsers        user mappings
 * @param mapAccounts     accounts whose every identity maps to its ARN (ConfigMap mode only)
 * @param trustPrincipals principals trusted to assume the admin role; empty = the account root (the blog)
 * @param requireMfa      whether the trust policy requires MFA
 * @param mfaMaxAge       maximum MFA age in seconds, or null
 * @param externalId      sts:ExternalId required by the trust policy, or null
 * @param execCommand     the kubeconfig credential plugin (aws-iam-authenticator, aws, or a path)
 * @param mapping         where the mappings live
 */
public record AuthInputs(String name, String clusterId, String accountId, String region, String profile,
                         String adminRoleName, String adminUsername, List<String> adminGroups,
                         List<IdentityMapping> mapRoles, List<IdentityMapping> mapUsers, List<String> mapAccounts,
                         List<String> trustPrincipals, boolean requireMfa, Long mfaMaxAge, String externalId,
                         String execCommand, MappingMode mapping) {

    public static final String DEFAULT_ADMIN_ROLE = "KubernetesAdmin";
    public static final String DEFAULT_ADMIN_USERNAME = "kubernetes-admin";
    public static final String DEFAULT_ADMIN_GROUP = "system:masters";
    public static final String DEFAULT_EXEC_COMMAND = "aws-iam-authenticator";

    public AuthInputs {
        Inputs.clusterName(name);
        clusterId = clusterId == null ? name : Inputs.text("--cluster-id", clusterId);
        if (accountId != null) Inputs.accountId("--account-id", accountId);
        if (region != null) Inputs.region(region);
        if (profile != null) Inputs.text("--profile", profile);
        Inputs.roleName("--admin-role-name", adminRoleName);
        Inputs.text("--admin-username", adminUsername);
        adminGroups = List.copyOf(adminGroups);
        for (String g : adminGroups) Inputs.text("--admin-group", g);
        mapRoles = List.copyOf(mapRoles);
        for (IdentityMapping m : mapRoles) Inputs.mapping("--map-role", m, true);
        mapUsers = List.copyOf(mapUsers);
        for (IdentityMapping m : mapUsers) Inputs.mapping("--map-user", m, false);
        mapAccounts = List.copyOf(mapAccounts);
        for (String a : mapAccounts) Inputs.accountId("--map-account", a);
        trustPrincipals = List.copyOf(trustPrincipals);
        for (String p : trustPrincipals) Inputs.principalArn("--trust-principal", p);
        if (mfaMaxAge != null) {
            Inputs.mfaMaxAge(mfaMaxAge);
            if (!requireMfa) throw new Artifacts.InvalidInputException("--mfa-max-age: needs --require-mfa");
        }
        if (externalId != null) Inputs.externalId(externalId);
        Inputs.text("--exec-command", execCommand);
        if (mapping == null) mapping = MappingMode.CONFIGMAP;
        if (mapping == MappingMode.CRD && !mapAccounts.isEmpty()) {
            throw new Artifacts.InvalidInputException("--map-account: only works with --mapping configmap "
                    + "(the CRD backend has no mapAccounts)");
        }
    }

    /** The defaults for a cluster name: KubernetesAdmin → kubernetes-admin in system:masters, ConfigMap mode. */
    public static AuthInputs defaults(String name) {
        return new AuthInputs(name, null, null, null, null, DEFAULT_ADMIN_ROLE, DEFAULT_ADMIN_USERNAME,
                List.of(DEFAULT_ADMIN_GROUP), List.of(), List.of(), List.of(), List.of(), false, null, null,
                DEFAULT_EXEC_COMMAND, MappingMode.CONFIGMAP);
    }

    public AuthInputs withAccountId(String account) {
        return new AuthInputs(name, clusterId, account, region, profile, adminRoleName, adminUsername, adminGroups,
                mapRoles, mapUsers, mapAccounts, trustPrincipals, requireMfa, mfaMaxAge, externalId, execCommand, mapping);
    }

    public AuthInputs withRegion(String r) {
        return new AuthInputs(name, clusterId, accountId, r, profile, adminRoleName, adminUsername, adminGroups,
                mapRoles, mapUsers, mapAccounts, trustPrincipals, requireMfa, mfaMaxAge, externalId, execCommand, mapping);
    }

    public AuthInputs withProfile(String p) {
        return new AuthInputs(name, clusterId, accountId, region, p, adminRoleName, adminUsername, adminGroups,
                mapRoles, mapUsers, mapAccounts, trustPrincipals, requireMfa, mfaMaxAge, externalId, execCommand, mapping);
    }

    /** The AWS partition of the region (aws unless the region says otherwise). */
    public String partition() {
        return Inputs.partition(region);
    }

    /** {@code arn:<partition>:iam::<account>:role/<adminRoleName>}; needs the account id. */
    public String adminRoleArn() {
        return "arn:" + partition() + ":iam::" + requireAccount() + ":role/" + adminRoleName;
    }

    /** The admin role's mapping: adminRoleArn → adminUsername in adminGroups. */
    public IdentityMapping adminMapping() {
        return new IdentityMapping(adminRoleArn(), adminUsername, adminGroups);
    }

    /** The admin mapping first, then the extra role mappings. */
    public List<IdentityMapping> roleMappings() {
        List<IdentityMapping> all = new ArrayList<>();
        all.add(adminMapping());
        all.addAll(mapRoles);
        return List.copyOf(all);
    }

    /** The ConfigMap's contents. */
    public AuthenticatorConfig authenticatorConfig() {
        return new AuthenticatorConfig(clusterId, roleMappings(), mapUsers, mapAccounts);
    }

    /** Whether the trust policy needs the account id (it does unless explicit principals are given). */
    public boolean trustPolicyNeedsAccount() {
        return trustPrincipals.isEmpty();
    }

    /** The admin role's trust policy. */
    public TrustPolicy trustPolicy() {
        List<String> principals = trustPrincipals;
        if (principals.isEmpty() && !partition().equals("aws")) {
            // TrustPolicy's default principal is in the aws partition; spell out the root of other partitions.
            principals = List.of("arn:" + partition() + ":iam::" + requireAccount() + ":root");
        }
        return new TrustPolicy(trustPolicyNeedsAccount() ? requireAccount() : accountId, principals, requireMfa,
                mfaMaxAge, externalId);
    }

    /** The kubeconfig users[] / contexts[] entry names kopsauth owns: {@code kopsauth-<name>}. */
    public String kubeconfigEntryName() {
        return "kopsauth-" + name;
    }

    /**
     * The exec user: {@code aws-iam-authenticator token -i ID -r ROLE [--region R] [-e EXTERNALID]}, or for the AWS
     * CLI {@code aws --region R eks get-token --cluster-name ID --role-arn ROLE --output json}; AWS_PROFILE in env
     * when a profile is given. The context points at kops' cluster entry (named after the cluster).
     */
    public ExecUser execUser() {
        List<String> args = new ArrayList<>();
        String program = Path.of(execCommand).getFileName().toString();
        if (program.equals("aws")) {
            if (region != null) args.addAll(List.of("--region", region));
            args.addAll(List.of("eks", "get-token", "--cluster-name", clusterId, "--role-arn", adminRoleArn(),
                    "--output", "json"));
        } else {
            args.addAll(List.of("token", "-i", clusterId, "-r", adminRoleArn()));
            if (region != null) args.addAll(List.of("--region", region));
            if (externalId != null) args.addAll(List.of("-e", externalId));
        }
        Map<String, String> env = new LinkedHashMap<>();
        if (profile != null) env.put("AWS_PROFILE", profile);
        return new ExecUser(kubeconfigEntryName(), kubeconfigEntryName(), name, execCommand, args, env);
    }

    /**
     * The cluster-spec fragment: ConfigMap mode is the blog's {@code aws: {}} (the cluster ID then comes from the
     * ConfigMap); CRD mode sets backendMode CRD, the cluster ID and every mapping as identityMappings.
     */
    public ClusterAuthSpec clusterAuthSpec() {
        if (mapping == MappingMode.CONFIGMAP) return new ClusterAuthSpec(null, null, List.of());
        List<IdentityMapping> all = new ArrayList<>(roleMappings());
        all.addAll(mapUsers);
        return new ClusterAuthSpec("CRD", clusterId, all);
    }

    /** Whether rendering {@code artifact} needs the account id. */
    public boolean needsAccountId(String artifact) {
        return switch (artifact) {
            case "trust-policy" -> trustPolicyNeedsAccount();
            case "cluster-spec" -> mapping == MappingMode.CRD;
            default -> true;
        };
    }

    /** What the user should know about how these inputs will be rendered (role paths, unsupported options). */
    public List<String> warnings() {
        List<String> w = new ArrayList<>(Inputs.warnings(mapRoles));
        w.addAll(execWarnings());
        return List.copyOf(w);
    }

    /**
     * The warnings that concern one artifact ("configmap", "kubeconfig-user", "trust-policy", "cluster-spec"):
     * role paths where mappings are rendered, plugin limits for the exec user.
     */
    public List<String> warnings(String artifact) {
        return switch (artifact) {
            case "configmap" -> Inputs.warnings(mapRoles);
            case "cluster-spec" -> mapping == MappingMode.CRD ? Inputs.warnings(mapRoles) : List.of();
            case "kubeconfig-user" -> execWarnings();
            default -> List.of();
        };
    }

    private List<String> execWarnings() {
        if (externalId != null && Path.of(execCommand).getFileName().toString().equals("aws")) {
            return List.of("'aws eks get-token' cannot pass an ExternalId; the kubeconfig user will fail to assume the"
                    + " role (use --exec-command aws-iam-authenticator)");
        }
        return List.of();
    }

    private String requireAccount() {
        if (accountId == null) throw new IllegalStateException("the account id is not known yet");
        return accountId;
    }
}
