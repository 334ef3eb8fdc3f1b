package io.kopsauth.token;

/**
 * What {@code kopsauth token} was asked for, as given on the command line (flags not yet resolved against the
 * environment, so that the cache can be consulted without loading the AWS SDK).
 *
 * @param clusterId          the authenticator's cluster ID (signed as {@code x-k8s-aws-id})
 * @param roleArn            role to assume first, or null
 * @param region             {@code --region}, or null
 * @param profile            {@code --profile}, or null
 * @param sessionName        {@code -s}, or null
 * @param forwardSessionName {@code --forward-session-name}
 * @param externalId         {@code -e}, or null
 */
public record TokenRequest(String clusterId, String roleArn, String region, String profile, String sessionName,
                           boolean forwardSessionName, String externalId) {

    /** How the AssumeRole session name is chosen, as a cache-key component. */
    String sessionChoice() {
        if (sessionName != null) return "name:" + sessionName;
        return forwardSessionName ? "forward" : "default";
    }
}
