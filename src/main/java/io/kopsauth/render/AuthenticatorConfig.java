package io.kopsauth.render;

import java.util.List;

/** The inputs of the authenticator's MountedFile ConfigMap {@code kube-system/aws-iam-authenticator}. */
public record AuthenticatorConfig(String clusterId, List<IdentityMapping> mapRoles, List<IdentityMapping> mapUsers,
                                  List<String> mapAccounts) {
    public AuthenticatorConfig {
        mapRoles = List.copyOf(mapRoles);
        mapUsers = List.copyOf(mapUsers);
        mapAccounts = List.copyOf(mapAccounts);
    }
}
