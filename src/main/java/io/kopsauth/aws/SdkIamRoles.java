package io.kopsauth.aws;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Tag;

/** {@link IamRoles} on the AWS SDK's IAM client. */
public final class SdkIamRoles implements IamRoles {
    private final IamClient iam;

    public SdkIamRoles(IamClient iam) {
        this.iam = iam;
    }

    @Override
    public Optional<Role> get(String name) {
        try {
            var r = iam.getRole(b -> b.roleName(name)).role();
            Map<String, String> tags = new LinkedHashMap<>();
            // GetRole includes tags; list them anyway when it does not (older endpoints).
            if (r.hasTags()) r.tags().forEach(t -> tags.put(t.key(), t.value()));
            else AwsErrors.call("iam:ListRoleTags " + name, () -> iam.listRoleTags(b -> b.roleName(name)))
                    .tags().forEach(t -> tags.put(t.key(), t.value()));
            return Optional.of(new Role(r.roleName(), r.arn(), decode(r.assumeRolePolicyDocument()), tags));
        } catch (NoSuchEntityException e) {
            return Optional.empty();
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw AwsErrors.translate("iam:GetRole " + name, e);
        }
    }

    /** IAM returns policy documents URL-encoded (RFC 3986). */
    static String decode(String doc) {
        if (doc == null) return null;
        return doc.trim().startsWith("{") ? doc : URLDecoder.decode(doc, StandardCharsets.UTF_8);
    }

    private static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    @Override
    public Role create(String name, String trustPolicy, String description, Map<String, String> tags) {
        var r = AwsErrors.call("iam:CreateRole " + name, () -> iam.createRole(b -> b.roleName(name)
                .assumeRolePolicyDocument(trustPolicy).description(description).tags(tags(tags)))).role();
        return new Role(r.roleName(), r.arn(), trustPolicy, tags);
    }

    @Override
    public void updateTrustPolicy(String name, String trustPolicy) {
        AwsErrors.run("iam:UpdateAssumeRolePolicy " + name,
                () -> iam.updateAssumeRolePolicy(b -> b.roleName(name).policyDocument(trustPolicy)));
    }

    @Override
    public void tag(String name, Map<String, String> tags) {
        AwsErrors.run("iam:TagRole " + name, () -> iam.tagRole(b -> b.roleName(name).tags(tags(tags))));
    }

    @Override
    public void untag(String name, Collection<String> keys) {
        AwsErrors.run("iam:UntagRole " + name, () -> iam.untagRole(b -> b.roleName(name).tagKeys(keys)));
    }

    @Override
    public List<String> attachedPolicies(String name) {
        List<String> out = new ArrayList<>();
        AwsErrors.run("iam:ListAttachedRolePolicies " + name, () -> iam.listAttachedRolePoliciesPaginator(b -> b.roleName(name))
                .attachedPolicies().forEach(p -> out.add(p.policyArn())));
        return out;
    }

    @Override
    public void detachPolicy(String name, String policyArn) {
        AwsErrors.run("iam:DetachRolePolicy " + name, () -> iam.detachRolePolicy(b -> b.roleName(name).policyArn(policyArn)));
    }

    @Override
    public List<String> inlinePolicies(String name) {
        List<String> out = new ArrayList<>();
        AwsErrors.run("iam:ListRolePolicies " + name, () -> iam.listRolePoliciesPaginator(b -> b.roleName(name))
                .policyNames().forEach(out::add));
        return out;
    }

    @Override
    public void deleteInlinePolicy(String name, String policyName) {
        AwsErrors.run("iam:DeleteRolePolicy " + name, () -> iam.deleteRolePolicy(b -> b.roleName(name).policyName(policyName)));
    }

    @Override
    public List<String> instanceProfiles(String name) {
        List<String> out = new ArrayList<>();
        AwsErrors.run("iam:ListInstanceProfilesForRole " + name, () -> iam.listInstanceProfilesForRolePaginator(b -> b.roleName(name))
                .instanceProfiles().forEach(p -> out.add(p.instanceProfileName())));
        return out;
    }

    @Override
    public void removeFromInstanceProfile(String profile, String name) {
        AwsErrors.run("iam:RemoveRoleFromInstanceProfile " + profile, () -> iam.removeRoleFromInstanceProfile(
                b -> b.instanceProfileName(profile).roleName(name)));
    }

    @Override
    public void delete(String name) {
        AwsErrors.run("iam:DeleteRole " + name, () -> iam.deleteRole(b -> b.roleName(name)));
    }
}
