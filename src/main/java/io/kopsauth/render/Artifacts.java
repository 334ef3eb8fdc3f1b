package io.kopsauth.render;

/**
 * Renders the documents kopsauth writes. Every user-supplied value lands as exactly one scalar (or is rejected
 * with {@link InvalidInputException}); every output parses back to the intended structure.
 */
public interface Artifacts {
    /** The ConfigMap kube-system/aws-iam-authenticator (YAML). */
    String configMap(AuthenticatorConfig config);

    /** The IAM trust (assume-role) policy document (JSON). */
    String trustPolicy(TrustPolicy policy);

    /** A kubeconfig fragment (YAML) with one users[] entry and one contexts[] entry. */
    String execUser(ExecUser user);

    /** A cluster-spec fragment (YAML): {@code spec.authorization} and {@code spec.authentication.aws}. */
    String clusterSpecFragment(ClusterAuthSpec spec);

    /** A value that cannot be rendered safely; the message names the field and why. */
    final class InvalidInputException extends RuntimeException {
        public InvalidInputException(String message) {
            super(message);
        }
    }
}
