package io.kopsauth.aws;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** IAM roles: the KubernetesAdmin role setup creates and teardown removes. */
public interface IamRoles {

    /**
     * A role as IAM reports it.
     *
     * @param name        role name
     * @param arn         role ARN (with its path)
     * @param trustPolicy the assume-role policy document, decoded JSON
     * @param tags        its tags
     */
    record Role(String name, String arn, String trustPolicy, Map<String, String> tags) {
        public Role {
            tags = Map.copyOf(tags);
        }
    }

    Optional<Role> get(String name);

    Role create(String name, String trustPolicy, String description, Map<String, String> tags);

    void updateTrustPolicy(String name, String trustPolicy);

    void tag(String name, Map<String, String> tags);

    void untag(String name, Collection<String> keys);

    /** ARNs of the managed policies attached to the role. */
    List<String> attachedPolicies(String name);

    void detachPolicy(String name, String policyArn);

    List<String> inlinePolicies(String name);

    void deleteInlinePolicy(String name, String policyName);

    /** Names of the instance profiles that contain the role. */
    List<String> instanceProfiles(String name);

    void removeFromInstanceProfile(String profile, String name);

    void delete(String name);
}
