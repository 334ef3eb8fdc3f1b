package io.kopsauth.sandbox.kops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** The AWS resources kops would find for a cluster (its {@code delete cluster} table), with stable made-up ids. */
public final class CloudResources {
    private CloudResources() {}

    private static String id(String prefix, String seed, int len) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            return prefix + HexFormat.of().formatHex(h).substring(0, len);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rows of TYPE, NAME, ID. */
    public static List<List<String>> of(String name, List<Map<String, Object>> igs) {
        List<List<String>> rows = new ArrayList<>();
        for (Map<String, Object> ig : igs) {
            String n = String.valueOf(ClusterSpecs.map(ig.get("metadata")).get("name")) + "." + name;
            rows.add(List.of("autoscaling-group", n, n));
        }
        rows.add(List.of("iam-instance-profile", "masters." + name, "masters." + name));
        rows.add(List.of("iam-instance-profile", "nodes." + name, "nodes." + name));
        rows.add(List.of("iam-role", "masters." + name, "masters." + name));
        rows.add(List.of("iam-role", "nodes." + name, "nodes." + name));
        rows.add(List.of("load-balancer", "api-" + name.replace('.', '-'), id("net/api-", name, 16)));
        rows.add(List.of("security-group", "masters." + name, id("sg-", "masters" + name, 17)));
        rows.add(List.of("security-group", "nodes." + name, id("sg-", "nodes" + name, 17)));
        rows.add(List.of("subnet", name, id("subnet-", "subnet" + name, 17)));
        rows.add(List.of("vpc", name, id("vpc-", "vpc" + name, 17)));
        return rows;
    }
}
