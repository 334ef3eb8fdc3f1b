package io.kopsauth.render;

import java.util.Locale;

/**
 * Where the identity mappings live: the authenticator's ConfigMap (MountedFile, the blog's flow, any kops) or
 * kops' own {@code identityMappings} rendered as IAMIdentityMapping objects (backendMode CRD, kops 1.23+).
 */
public enum MappingMode {
    CONFIGMAP, CRD;

    /** Parses "configmap" or "crd" (any case). */
    public static MappingMode parse(String value) {
        if (value != null) {
            for (MappingMode m : values()) if (m.name().equalsIgnoreCase(value.trim())) return m;
        }
        throw new Artifacts.InvalidInputException("--mapping: unknown mapping mode '" + Inputs.printable(value)
                + "' (expected configmap or crd)");
    }

    public String flag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
