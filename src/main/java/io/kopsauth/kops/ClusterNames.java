package io.kopsauth.kops;

import java.util.Random;

/** The blog's random kops cluster name {@code authenticator.<10 letters>.k8s.local} (validated by render's Inputs). */
public final class ClusterNames {
    private ClusterNames() {}

    /** {@code authenticator.<10 random lowercase letters>.k8s.local}. */
    public static String random(Random random) {
        StringBuilder sb = new StringBuilder("authenticator.");
        for (int i = 0; i < 10; i++) sb.append((char) ('a' + random.nextInt(26)));
        return sb.append(".k8s.local").toString();
    }
}
