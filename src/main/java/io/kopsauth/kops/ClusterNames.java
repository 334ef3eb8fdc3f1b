package io.kopsauth.kops;

import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;

/** kops cluster names: the blog's random {@code authenticator.<10 letters>.k8s.local}, and kops' DNS rules. */
public final class ClusterNames {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private ClusterNames() {}

    /** {@code authenticator.<10 random lowercase letters>.k8s.local}. */
    public static String random(Random random) {
        StringBuilder sb = new StringBuilder("authenticator.");
        for (int i = 0; i < 10; i++) sb.append((char) ('a' + random.nextInt(26)));
        return sb.append(".k8s.local").toString();
    }

    /** Why kops would reject the name (reference/kops-cli.md §3), or empty if it is valid. */
    public static Optional<String> problem(String name) {
        if (name == null || name.isEmpty()) return Optional.of("the cluster name is empty");
        if (name.length() > 253) return Optional.of("Cluster Name must be a valid DNS name: at most 253 characters");
        if (!name.contains(".")) {
            return Optional.of("Cluster Name must be a fully-qualified DNS name (e.g. --name=mycluster.myzone.com)");
        }
        for (String label : name.split("\\.", -1)) {
            if (label.length() > 63 || !LABEL.matcher(label).matches()) {
                return Optional.of("Cluster Name must be a valid DNS name (e.g. --name=mycluster.myzone.com): '" + label
                        + "' must be 1-63 lowercase letters, digits or '-', starting and ending with a letter or digit");
            }
        }
        return Optional.empty();
    }
}
