package io.kopsauth.setup;

import io.kopsauth.render.AuthInputs;
import io.kopsauth.render.MappingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything {@code kopsauth setup} was asked for, validated, with defaults resolved except what the run decides
 * (the cluster name, the state store, the account, the mapping mode for {@code auto}, the exec command).
 *
 * @param name              the cluster name, or null for a random one (or the one in the latest journal)
 * @param auth              the identity inputs (validated with {@code name} or a stand-in name when it is null)
 * @param clusterIdGiven    true if --cluster-id was given (otherwise the cluster ID is the cluster name)
 * @param execCommandGiven  true if --exec-command was given (otherwise aws-iam-authenticator if on PATH, else aws, else kopsauth)
 * @param zones             the zones (default {@code <region>a})
 * @param stateStore        {@code s3://bucket}, or null for {@code s3://<name>}
 * @param nodeCount         kops --node-count, or null
 * @param nodeSize          kops --node-size, or null
 * @param controlPlaneSize  kops --control-plane-size, or null
 * @param kubernetesVersion kops --kubernetes-version, or null
 * @param updateTrustPolicy replace a differing trust policy instead of stopping
 * @param kubeconfig        the kubeconfig file to add the exec user to
 * @param switchContext     make the new context current
 * @param pluginEnv         the environment the exec user carries (AWS_PROFILE, AWS config files, endpoint)
 * @param launcher          absolute path of kopsauth's launcher (for {@code --exec-command kopsauth}), or null
 * @param validateTimeout   how long validation may wait
 */
public record SetupInputs(String name, AuthInputs auth, boolean clusterIdGiven, boolean execCommandGiven,
                          List<String> zones, String stateStore, Integer nodeCount, String nodeSize,
                          String controlPlaneSize, String kubernetesVersion, boolean updateTrustPolicy,
                          Path kubeconfig, boolean switchContext, Map<String, String> pluginEnv, Path launcher,
                          Duration validateTimeout) {

    public SetupInputs {
        zones = List.copyOf(zones);
        pluginEnv = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pluginEnv));
    }

    public String region() {
        return auth.region();
    }

    /**
     * The identity inputs for this run's cluster, account, mapping mode and exec command (all decided by earlier
     * steps and kept in the run state).
     */
    public AuthInputs authFor(String cluster, String account, MappingMode mode, String execCommand) {
        AuthInputs a = auth;
        return new AuthInputs(cluster, clusterIdGiven ? a.clusterId() : null, account, a.region(), a.profile(),
                a.adminRoleName(), a.adminUsername(), a.adminGroups(), a.mapRoles(), a.mapUsers(), a.mapAccounts(),
                a.trustPrincipals(), a.requireMfa(), a.mfaMaxAge(), a.externalId(), execCommand, mode);
    }

    /** The inputs as the journal records them (the external ID is not shown). */
    public Map<String, String> forJournal() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("region", auth.region());
        m.put("clusterId", clusterIdGiven ? auth.clusterId() : null);
        m.put("zones", String.join(",", zones));
        m.put("profile", auth.profile());
        m.put("stateStore", stateStore);
        m.put("nodeCount", nodeCount == null ? null : nodeCount.toString());
        m.put("nodeSize", nodeSize);
        m.put("controlPlaneSize", controlPlaneSize);
        m.put("kubernetesVersion", kubernetesVersion);
        m.put("mapping", auth.mapping().flag());
        m.put("adminRoleName", auth.adminRoleName());
        m.put("adminUsername", auth.adminUsername());
        m.put("adminGroups", String.join(",", auth.adminGroups()));
        m.put("trustPrincipals", auth.trustPrincipals().isEmpty() ? null : String.join(",", auth.trustPrincipals()));
        m.put("requireMfa", Boolean.toString(auth.requireMfa()));
        m.put("externalId", auth.externalId() == null ? null : "(set)");
        m.put("execCommand", execCommandGiven ? auth.execCommand() : "auto");
        m.put("kubeconfig", kubeconfig.toString());
        m.put("switchContext", Boolean.toString(switchContext));
        m.put("validateTimeout", validateTimeout.toSeconds() + "s");
        return m;
    }
}
