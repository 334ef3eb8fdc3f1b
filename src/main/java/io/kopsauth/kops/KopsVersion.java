package io.kopsauth.kops;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A kops release as {@code kops version} prints it ({@code Version 1.11.1 (git-0f2aa8d30)} up to 1.23,
 * {@code Client version: 1.36.2 (git-v1.36.2)} from 1.24, or {@code --short}'s bare {@code 1.36.2}), and the
 * feature table kopsauth depends on (reference/kops-cli.md §1.4, §5).
 *
 * @param major      major version (1)
 * @param minor      minor version
 * @param patch      patch version
 * @param preRelease pre-release tag such as "alpha.1", or "" for a release
 */
public record KopsVersion(int major, int minor, int patch, String preRelease) implements Comparable<KopsVersion> {
    private static final Pattern VERSION =
            Pattern.compile("(?:Client version:|Version)?\\s*v?(\\d+)\\.(\\d+)\\.(\\d+)(?:-([0-9A-Za-z.-]+))?");

    public KopsVersion {
        preRelease = preRelease == null ? "" : preRelease;
    }

    public static KopsVersion of(int major, int minor, int patch) {
        return new KopsVersion(major, minor, patch, "");
    }

    /** Parses the output of {@code kops version} (first version number found on the first matching line). */
    public static Optional<KopsVersion> parse(String output) {
        if (output == null) return Optional.empty();
        for (String line : output.split("\n")) {
            String l = line.strip();
            if (!(l.startsWith("Client version:") || l.startsWith("Version ") || l.matches("v?\\d.*"))) continue;
            Matcher m = VERSION.matcher(l);
            if (m.find()) {
                return Optional.of(new KopsVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)), m.group(4)));
            }
        }
        return Optional.empty();
    }

    /** {@code spec.authentication.aws.backendMode} and {@code clusterID} exist (1.19+). */
    public boolean supportsBackendMode() {
        return atLeast(1, 19, 0);
    }

    /** {@code spec.authentication.aws.identityMappings} exists (1.23+). */
    public boolean supportsIdentityMappings() {
        // first in v1.23.0-alpha.2
        return atLeast(1, 23, 0) || (is(1, 23, 0) && !preRelease.equals("alpha.1"));
    }

    /**
     * kops 1.36.0 (and 1.37.0-alpha.1) wipe backendMode, clusterID and identityMappings before rendering (issue
     * #18619): the authenticator falls back to MountedFile and no IAMIdentityMapping objects are created.
     */
    public boolean identityMappingsBroken() {
        return (is(1, 36, 0) && preRelease.isEmpty()) || (is(1, 37, 0) && preRelease.equals("alpha.1"));
    }

    /** {@code kops edit cluster --set/--unset} (1.22+; older kops has {@code kops set cluster}). */
    public boolean supportsEditSet() {
        return atLeast(1, 22, 0);
    }

    /** Gossip DNS ({@code .k8s.local} without {@code dns: none}); removed in 1.37 (pre-releases included). */
    public boolean supportsGossip() {
        return !(major > 1 || (major == 1 && minor >= 37));
    }

    /** {@code kops export kubeconfig --admin} (1.19+). */
    public boolean supportsExportAdmin() {
        return atLeast(1, 19, 0);
    }

    /** What a user of this version should know before using kopsauth, one sentence each; empty if nothing. */
    public List<String> warnings() {
        List<String> w = new ArrayList<>();
        if (!supportsBackendMode()) {
            w.add("kops " + this + " has no authentication.aws.backendMode/clusterID (1.19+); only --mapping configmap works");
        }
        if (!supportsIdentityMappings()) {
            w.add("kops " + this + " has no identityMappings (1.23+); --mapping crd is not available");
        }
        if (identityMappingsBroken()) {
            w.add("kops " + this + " drops backendMode, clusterID and identityMappings (kops issue #18619); "
                    + "use --mapping configmap or kops 1.36.1+");
        }
        if (!supportsEditSet()) {
            w.add("kops " + this + " has no 'kops edit cluster --set' (1.22+); upgrade kops");
        }
        if (!supportsGossip()) {
            w.add("kops " + this + " removed gossip DNS: a .k8s.local name needs --dns none (or use a hosted zone)");
        }
        return List.copyOf(w);
    }

    public boolean atLeast(int maj, int min, int pat) {
        return compareTo(of(maj, min, pat)) >= 0;
    }

    private boolean is(int maj, int min, int pat) {
        return major == maj && minor == min && patch == pat;
    }

    /** Orders by number; a pre-release sorts before its release (1.37.0-alpha.1 < 1.37.0). */
    @Override
    public int compareTo(KopsVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) c = Integer.compare(minor, o.minor);
        if (c == 0) c = Integer.compare(patch, o.patch);
        if (c == 0) {
            if (preRelease.isEmpty() != o.preRelease.isEmpty()) return preRelease.isEmpty() ? 1 : -1;
            c = preRelease.compareTo(o.preRelease);
        }
        return c;
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch + (preRelease.isEmpty() ? "" : "-" + preRelease);
    }
}
