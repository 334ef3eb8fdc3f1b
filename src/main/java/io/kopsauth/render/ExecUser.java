package io.kopsauth.render;

import java.util.List;
import java.util.Map;

/**
 * A kubeconfig exec user plus the context that binds it to a cluster entry.
 *
 * @param userName          the users[] entry name (kopsauth-owned, never colliding with kops' own names)
 * @param contextName       the contexts[] entry name
 * @param kubeconfigCluster the clusters[] entry the context points at
 * @param command           the credential plugin (aws-iam-authenticator, aws, or kopsauth's launcher)
 * @param args              the plugin's arguments
 * @param env               environment the plugin needs (AWS_PROFILE, ...), in order; empty for none
 */
public record ExecUser(String userName, String contextName, String kubeconfigCluster, String command,
                       List<String> args, Map<String, String> env) {
    public ExecUser {
        args = List.copyOf(args);
        env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
    }
}
