package io.kopsauth.render;

import java.util.List;

/** One identity mapping: an IAM role or user ARN mapped to a Kubernetes username and groups. */
public record IdentityMapping(String arn, String username, List<String> groups) {
    public IdentityMapping {
        groups = List.copyOf(groups);
    }

    public boolean isRole() {
        return arn.contains(":role/");
    }
}
