package io.kopsauth.render;

import java.util.List;

/**
 * What kopsauth owns in the kops cluster spec: {@code authorization.rbac: {}} and {@code authentication.aws}
 * with an optional backendMode, clusterID and identityMappings (CRD mode).
 */
public record ClusterAuthSpec(String backendMode, String clusterId, List<IdentityMapping> identityMappings) {
    public ClusterAuthSpec {
        identityMappings = List.copyOf(identityMappings);
    }
}
