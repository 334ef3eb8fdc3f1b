package io.kopsauth.render;

import java.util.List;

/**
 * The KubernetesAdmin role's trust policy: the account root by default (the blog), or specific principal ARNs;
 * optionally MFA required (with a maximum age) and an {@code sts:ExternalId}.
 */
public record TrustPolicy(String accountId, List<String> principalArns, boolean requireMfa, Long mfaMaxAgeSeconds,
                          String externalId) {
    public TrustPolicy {
        principalArns = List.copyOf(principalArns);
    }
}
