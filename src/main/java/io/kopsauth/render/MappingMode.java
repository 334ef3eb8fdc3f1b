package io.kopsauth.render;

import java.util.Locale;

/**
 * Where the identity mappings live: the authenticator's ConfigMap (MountedFile, the blog's flow, any kops) or
 * kops' own {@code identityMappings} rendered as IAMIdentityMapping objects (backendMode CRD, kops 1.23+), or
 * {@code auto}: setup's preflight picks CRD where the kops version supports it and the ConfigMap otherwise
 * (documents are only ever rendered for a resolved mode).
 */
public enum MappingMode {
    CONFIGMAP, CRD, AUTO;

    /** Parses "configmap", "crd" or "auto" (any case). */
    public static MappingMode parse(String value) {
        if (value != null) {
            for (MappingMode m : values()) if (m.name().equalsIgnoreCase(value.trim())) return m;
        }
        throw new Artifacts.InvalidInputException("--mapping: unknown mapping mode '" + Inputs.printable(value)
                + "' (expected configmap, crd or auto)");
    }

    public String flag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
