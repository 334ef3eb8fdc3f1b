package io.kopsauth.kube;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A kubeconfig document edited as a YAML node tree, so that everything kopsauth does not touch (unknown fields,
 * other users' exec plugins, preferences, extensions, scalar styles) is written back as it was read. Entries are
 * addressed by kind ({@code clusters}, {@code users}, {@code contexts}) and name.
 */
public final class Kubeconfig {
    /** The three named lists of a kubeconfig and the key that holds each entry's body. */
    public enum Kind {
        CLUSTERS("clusters", "cluster"), USERS("users", "user"), CONTEXTS("contexts", "context");

        final String list;
        final String body;

        Kind(String list, String body) {
            this.list = list;
            this.body = body;
        }
    }

    private final MappingNode root;

    private Kubeconfig(MappingNode root) {
        this.root = root;
    }

    static Yaml yaml() {
        DumperOptions d = new DumperOptions();
        d.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        d.setIndent(2);
        d.setIndicatorIndent(0);
        d.setWidth(Integer.MAX_VALUE);
        d.setSplitLines(false);
        d.setProcessComments(true);
        LoaderOptions l = new LoaderOptions();
        l.setProcessComments(true);
        return new Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(l),
                new org.yaml.snakeyaml.representer.Representer(d), d, l);
    }

    /** An empty kubeconfig as kubectl would create it. */
    public static Kubeconfig empty() {
        return parse("apiVersion: v1\nclusters: []\ncontexts: []\ncurrent-context: \"\"\nkind: Config\npreferences: {}\nusers: []\n");
    }

    /** Parses a kubeconfig; blank text is an empty kubeconfig. */
    public static Kubeconfig parse(String text) {
        if (text.isBlank()) return empty();
        Node n = yaml().compose(new java.io.StringReader(text));
        if (!(n instanceof MappingNode m)) throw new IllegalArgumentException("not a kubeconfig: the document is not a mapping");
        return new Kubeconfig(m);
    }

    /** The document as YAML. */
    public String write() {
        StringWriter w = new StringWriter();
        yaml().serialize(root, w);
        return w.toString();
    }

    private Optional<NodeTuple> tuple(MappingNode m, String key) {
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode s && s.getValue().equals(key)) return Optional.of(t);
        }
        return Optional.empty();
    }

    private SequenceNode list(Kind kind, boolean create) {
        Optional<NodeTuple> t = tuple(root, kind.list);
        if (t.isPresent() && t.get().getValueNode() instanceof SequenceNode s) {
            if (create && s.getFlowStyle() == DumperOptions.FlowStyle.FLOW && s.getValue().isEmpty()) {
                s.setFlowStyle(DumperOptions.FlowStyle.BLOCK);
            }
            return s;
        }
        if (!create) return null;
        SequenceNode s = new SequenceNode(Tag.SEQ, new ArrayList<>(), DumperOptions.FlowStyle.BLOCK);
        List<NodeTuple> v = root.getValue();
        t.ifPresent(v::remove); // e.g. "users: null"
        v.add(new NodeTuple(new ScalarNode(Tag.STR, kind.list, null, null, DumperOptions.ScalarStyle.PLAIN), s));
        return s;
    }

    private static String nameOf(Node entry) {
        if (!(entry instanceof MappingNode m)) return null;
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("name") && t.getValueNode() instanceof ScalarNode v) {
                return v.getValue();
            }
        }
        return null;
    }

    /** The names of the entries of a kind, in file order. */
    public List<String> names(Kind kind) {
        SequenceNode s = list(kind, false);
        if (s == null) return List.of();
        return s.getValue().stream().map(Kubeconfig::nameOf).filter(java.util.Objects::nonNull).toList();
    }

    /** The body of an entry (e.g. a cluster's {@code server}, {@code certificate-authority-data}) as plain data. */
    @SuppressWarnings("unchecked")
    public Optional<Map<String, Object>> get(Kind kind, String name) {
        SequenceNode s = list(kind, false);
        if (s == null) return Optional.empty();
        for (Node e : s.getValue()) {
            if (name.equals(nameOf(e))) {
                Object o = yaml().load(nodeText(e));
                Object body = o instanceof Map<?, ?> m ? m.get(kind.body) : null;
                return Optional.of(body instanceof Map<?, ?> bm ? (Map<String, Object>) bm : Map.of());
            }
        }
        return Optional.empty();
    }

    private static String nodeText(Node n) {
        StringWriter w = new StringWriter();
        yaml().serialize(n, w);
        return w.toString();
    }

    /** Adds an entry, or replaces the one with that name in place. */
    public void put(Kind kind, String name, Map<String, Object> body) {
        Map<String, Object> entry = new java.util.LinkedHashMap<>();
        entry.put(kind.body, body);
        entry.put("name", name);
        Node node = yaml().represent(entry);
        SequenceNode s = list(kind, true);
        List<Node> v = s.getValue();
        for (int i = 0; i < v.size(); i++) {
            if (name.equals(nameOf(v.get(i)))) {
                v.set(i, node);
                return;
            }
        }
        v.add(node);
    }

    /** Removes the entry with that name; false if there was none. */
    public boolean remove(Kind kind, String name) {
        SequenceNode s = list(kind, false);
        if (s == null) return false;
        return s.getValue().removeIf(e -> name.equals(nameOf(e)));
    }

    /**
     * The server URL of a context (the current one when {@code context} is null), following context → cluster;
     * empty if any link is missing.
     */
    public Optional<String> server(String context) {
        String ctx = context != null ? context : currentContext().orElse(null);
        if (ctx == null) return Optional.empty();
        return get(Kind.CONTEXTS, ctx).map(c -> c.get("cluster")).map(String::valueOf)
                .flatMap(cluster -> get(Kind.CLUSTERS, cluster)).map(c -> c.get("server")).map(String::valueOf);
    }

    /** The current context, or empty if unset or "". */
    public Optional<String> currentContext() {
        return tuple(root, "current-context").map(NodeTuple::getValueNode)
                .filter(ScalarNode.class::isInstance).map(n -> ((ScalarNode) n).getValue()).filter(v -> !v.isEmpty());
    }

    /** Sets (or, with null, clears) the current context. */
    public void currentContext(String context) {
        ScalarNode value = new ScalarNode(Tag.STR, context == null ? "" : context, null, null,
                context == null || context.isEmpty() ? DumperOptions.ScalarStyle.DOUBLE_QUOTED : DumperOptions.ScalarStyle.PLAIN);
        List<NodeTuple> v = root.getValue();
        for (int i = 0; i < v.size(); i++) {
            if (v.get(i).getKeyNode() instanceof ScalarNode k && k.getValue().equals("current-context")) {
                v.set(i, new NodeTuple(v.get(i).getKeyNode(), value));
                return;
            }
        }
        v.add(new NodeTuple(new ScalarNode(Tag.STR, "current-context", null, null, DumperOptions.ScalarStyle.PLAIN), value));
    }
}
