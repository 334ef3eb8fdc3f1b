package io.kopsauth.kops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Edits a kops Cluster manifest ({@code kops get cluster -o yaml}) to carry kopsauth's authentication and
 * authorization, touching nothing else: {@code spec.authorization} becomes exactly the fragment's (so
 * {@code alwaysAllow} goes), and in {@code spec.authentication.aws} the keys kopsauth owns (backendMode,
 * clusterID, identityMappings) are set or removed while others (image, resource requests) stay.
 */
public final class ClusterSpecEditor {
    /** The keys of {@code authentication.aws} that kopsauth decides. */
    public static final List<String> OWNED_AWS_KEYS = List.of("backendMode", "clusterID", "identityMappings");

    private ClusterSpecEditor() {}

    static Yaml yaml() {
        DumperOptions d = new DumperOptions();
        d.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        d.setIndent(2);
        d.setIndicatorIndent(0);
        d.setWidth(Integer.MAX_VALUE);
        LoaderOptions l = new LoaderOptions();
        return new Yaml(new SafeConstructor(l), new Representer(d), d, l);
    }

    /** Parses a single-document manifest into ordered maps. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parse(String yaml) {
        Object o = yaml().load(yaml);
        if (!(o instanceof Map)) throw new IllegalArgumentException("the cluster manifest is not a YAML mapping");
        return (Map<String, Object>) o;
    }

    public static String dump(Map<String, Object> doc) {
        return yaml().dump(doc);
    }

    /**
     * Returns the manifest with the fragment's {@code spec.authorization} and {@code spec.authentication.aws}
     * (the fragment is what {@code Artifacts.clusterSpecFragment} renders).
     */
    public static Map<String, Object> apply(Map<String, Object> cluster, Map<String, Object> fragment) {
        Map<String, Object> out = deepCopy(cluster);
        Map<String, Object> spec = child(out, "spec");
        Map<String, Object> fspec = map(fragment.get("spec"));
        if (fspec.containsKey("authorization")) spec.put("authorization", deepCopy(map(fspec.get("authorization"))));
        Map<String, Object> fauth = map(fspec.get("authentication"));
        if (fauth.containsKey("aws")) {
            Map<String, Object> want = map(fauth.get("aws"));
            Map<String, Object> aws = child(child(spec, "authentication"), "aws");
            for (String k : OWNED_AWS_KEYS) {
                if (want.containsKey(k)) aws.put(k, deepCopyValue(want.get(k)));
                else aws.remove(k);
            }
            want.forEach((k, v) -> { if (!OWNED_AWS_KEYS.contains(k)) aws.put(k, deepCopyValue(v)); });
        }
        return out;
    }

    /** True if {@code cluster} already carries what {@link #apply} would set. */
    public static boolean satisfies(Map<String, Object> cluster, Map<String, Object> fragment) {
        Map<String, Object> spec = map(cluster.get("spec"));
        return apply(cluster, fragment).get("spec").equals(spec);
    }

    /** Keeps only what kopsauth owns ({@code spec.authorization}, {@code spec.authentication}), for display. */
    public static Map<String, Object> ownedPart(Map<String, Object> cluster) {
        Map<String, Object> spec = map(cluster.get("spec"));
        Map<String, Object> s = new LinkedHashMap<>();
        if (spec.containsKey("authentication")) s.put("authentication", spec.get("authentication"));
        if (spec.containsKey("authorization")) s.put("authorization", spec.get("authorization"));
        return Map.of("spec", s);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map ? (Map<String, Object>) o : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> parent, String key) {
        Object o = parent.get(key);
        if (o instanceof Map) return (Map<String, Object>) o;
        Map<String, Object> m = new LinkedHashMap<>();
        parent.put(key, m);
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> m) {
        return (Map<String, Object>) deepCopyValue(m);
    }

    @SuppressWarnings("unchecked")
    private static Object deepCopyValue(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> c = new LinkedHashMap<>();
            m.forEach((k, v) -> c.put((String) k, deepCopyValue(v)));
            return c;
        }
        if (o instanceof List<?> l) return new java.util.ArrayList<>(l.stream().map(ClusterSpecEditor::deepCopyValue).toList());
        return o;
    }
}
