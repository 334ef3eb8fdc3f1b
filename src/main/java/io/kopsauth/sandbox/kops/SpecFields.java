package io.kopsauth.sandbox.kops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --set}/{@code --unset} on a Cluster as kops ≤1.36 does them: JSON field paths (optional {@code cluster.}
 * prefix), intermediate structs created, an empty value makes an empty struct, slice values split on {@code ,} and
 * appended, and no growth of lists by index ({@code field ... not found in *kops.Cluster}).
 */
public final class SpecFields {
    private SpecFields() {}

    private static final Pattern SEGMENT = Pattern.compile("^([A-Za-z0-9]+)(?:\\[(\\d+)])?$");
    /** Fields whose values are lists of strings. */
    private static final Set<String> STRING_LISTS = Set.of("kubernetesApiAccess", "sshAccess", "groups", "additionalNetworkCIDRs",
            "nodePortAccess", "additionalSANs", "additionalSans");
    /** Fields that are structs (an empty value makes {@code {}}). */
    private static final Set<String> BOOLEANS = Set.of("anonymousAuth", "allowContainerRegistry", "legacy", "encryptedVolume");
    /** Fields that are lists of structs: they can be indexed but not set whole. */
    private static final Set<String> STRUCT_LISTS = Set.of("identityMappings", "subnets", "etcdClusters", "etcdMembers");
    /** Known fields of spec.authentication.aws (kops-cli.md §1.1). */
    private static final Set<String> AWS_FIELDS = Set.of("image", "backendMode", "clusterID", "memoryRequest", "cpuRequest",
            "memoryLimit", "cpuLimit", "identityMappings");

    /** Applies one {@code path=value}. */
    public static void set(Map<String, Object> cluster, String assignment) {
        int eq = assignment.indexOf('=');
        if (eq < 0) throw new KopsException("missing value in \"" + assignment + "\"");
        String path = assignment.substring(0, eq);
        String value = assignment.substring(eq + 1);
        walk(cluster, path, value, false);
    }

    /** Removes one path. */
    public static void unset(Map<String, Object> cluster, String path) {
        walk(cluster, path, null, true);
    }

    @SuppressWarnings("unchecked")
    private static void walk(Map<String, Object> cluster, String fullPath, String value, boolean unset) {
        String path = fullPath.startsWith("cluster.") ? fullPath.substring("cluster.".length()) : fullPath;
        String[] segs = path.split("\\.");
        if (!segs[0].equals("spec") && !segs[0].equals("metadata")) throw notFound(fullPath);
        Object cur = cluster;
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < segs.length; i++) {
            Matcher m = SEGMENT.matcher(segs[i]);
            if (!m.matches()) throw notFound(fullPath);
            String field = m.group(1);
            seen.add(field);
            if (seen.size() >= 4 && seen.get(1).equals("authentication") && seen.get(2).equals("aws") && i == 3 && !AWS_FIELDS.contains(field)) {
                throw notFound(fullPath);
            }
            Map<String, Object> map = (Map<String, Object>) cur;
            boolean last = i == segs.length - 1;
            if (m.group(2) != null) {
                int idx = Integer.parseInt(m.group(2));
                Object l = map.get(field);
                if (!(l instanceof List) || ((List<Object>) l).size() <= idx) throw notFound(fullPath);
                List<Object> list = (List<Object>) l;
                if (last) {
                    if (unset) list.remove(idx);
                    else list.set(idx, value);
                    return;
                }
                if (!(list.get(idx) instanceof Map)) list.set(idx, new LinkedHashMap<String, Object>());
                cur = list.get(idx);
                continue;
            }
            if (last) {
                if (unset) {
                    map.remove(field);
                } else if (STRUCT_LISTS.contains(field)) {
                    throw new KopsException("unhandled type for field \"" + fullPath + "\": cannot set a list of structs from a string");
                } else if (STRING_LISTS.contains(field) || map.get(field) instanceof List) {
                    List<Object> l = map.get(field) instanceof List ? new ArrayList<>((List<Object>) map.get(field)) : new ArrayList<>();
                    if (!value.isEmpty()) for (String v : value.split(",")) l.add(v);
                    map.put(field, l);
                } else if (value.isEmpty()) {
                    map.put(field, new LinkedHashMap<String, Object>());
                } else if (BOOLEANS.contains(field) || map.get(field) instanceof Boolean) {
                    if (!value.equals("true") && !value.equals("false")) {
                        throw new KopsException("cannot parse \"" + value + "\" as bool for field " + fullPath);
                    }
                    map.put(field, Boolean.parseBoolean(value));
                } else if (map.get(field) instanceof Number) {
                    try {
                        map.put(field, Long.parseLong(value));
                    } catch (NumberFormatException e) {
                        throw new KopsException("cannot parse \"" + value + "\" as int for field " + fullPath);
                    }
                } else {
                    map.put(field, value);
                }
                return;
            }
            Object next = map.get(field);
            if (next == null) {
                if (unset) return;
                if (STRUCT_LISTS.contains(field) || STRING_LISTS.contains(field)) throw notFound(fullPath);
                next = new LinkedHashMap<String, Object>();
                map.put(field, next);
            }
            if (!(next instanceof Map)) throw notFound(fullPath);
            cur = next;
        }
    }

    private static KopsException notFound(String path) {
        return new KopsException("field " + path + " not found in *kops.Cluster");
    }
}
