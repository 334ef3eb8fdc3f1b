package io.kopsauth.sandbox.kube;

import io.kopsauth.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The resource types the API simulator serves, and the legacy discovery documents kubectl reads about them. */
public final class ApiResources {
    private ApiResources() {}

    private static final List<String> RW = List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
    private static final List<String> CREATE = List.of("create");

    /** One resource type. {@code group} is "" for the core group. */
    public record Type(String group, String version, String plural, String singular, String kind, boolean namespaced,
                       List<String> verbs, List<String> shortNames) {
        public String groupVersion() {
            return group.isEmpty() ? version : group + "/" + version;
        }

        public boolean storable() {
            return verbs.contains("get");
        }

        /** "configmaps" or "daemonsets.apps", as Kubernetes names a resource in messages. */
        public String qualified() {
            return group.isEmpty() ? plural : plural + "." + group;
        }
    }

    public static final List<Type> ALL = List.of(
            new Type("", "v1", "namespaces", "namespace", "Namespace", false, RW, List.of("ns")),
            new Type("", "v1", "nodes", "node", "Node", false, RW, List.of("no")),
            new Type("", "v1", "pods", "pod", "Pod", true, RW, List.of("po")),
            new Type("", "v1", "configmaps", "configmap", "ConfigMap", true, RW, List.of("cm")),
            new Type("", "v1", "secrets", "secret", "Secret", true, RW, List.of()),
            new Type("", "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", true, RW, List.of("sa")),
            new Type("", "v1", "services", "service", "Service", true, RW, List.of("svc")),
            new Type("", "v1", "events", "event", "Event", true, RW, List.of("ev")),
            new Type("apps", "v1", "daemonsets", "daemonset", "DaemonSet", true, RW, List.of("ds")),
            new Type("apps", "v1", "deployments", "deployment", "Deployment", true, RW, List.of("deploy")),
            new Type("rbac.authorization.k8s.io", "v1", "clusterroles", "clusterrole", "ClusterRole", false, RW, List.of()),
            new Type("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", false, RW, List.of()),
            new Type("rbac.authorization.k8s.io", "v1", "roles", "role", "Role", true, RW, List.of()),
            new Type("rbac.authorization.k8s.io", "v1", "rolebindings", "rolebinding", "RoleBinding", true, RW, List.of()),
            new Type("authentication.k8s.io", "v1", "selfsubjectreviews", "selfsubjectreview", "SelfSubjectReview", false, CREATE, List.of()),
            new Type("authentication.k8s.io", "v1", "tokenreviews", "tokenreview", "TokenReview", false, CREATE, List.of()),
            new Type("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "selfsubjectaccessreview", "SelfSubjectAccessReview", false, CREATE, List.of()),
            new Type("authorization.k8s.io", "v1", "selfsubjectrulesreviews", "selfsubjectrulesreview", "SelfSubjectRulesReview", false, CREATE, List.of()),
            new Type("apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition", "CustomResourceDefinition", false, RW, List.of("crd", "crds")),
            new Type("iamauthenticator.k8s.aws", "v1alpha1", "iamidentitymappings", "iamidentitymapping", "IAMIdentityMapping", false, RW, List.of()));

    /** The type served at group/version/plural. */
    public static Optional<Type> find(String group, String version, String plural) {
        return ALL.stream().filter(t -> t.group.equals(group) && t.version.equals(version) && t.plural.equals(plural)).findFirst();
    }

    /** The type of a kind in an apiVersion ("v1", "apps/v1"). */
    public static Optional<Type> byKind(String apiVersion, String kind) {
        return ALL.stream().filter(t -> t.groupVersion().equals(apiVersion) && t.kind.equals(kind)).findFirst();
    }

    /** The groups other than core, in first-seen order, each with its one version. */
    static Map<String, String> groups() {
        Map<String, String> g = new LinkedHashMap<>();
        for (Type t : ALL) if (!t.group.isEmpty()) g.putIfAbsent(t.group, t.version);
        return g;
    }

    /** {@code GET /api}. */
    public static Map<String, Object> apiVersions(String serverAddress) {
        return Json.obj("kind", "APIVersions", "versions", List.of("v1"), "serverAddressByClientCIDRs",
                List.of(Json.obj("clientCIDR", "0.0.0.0/0", "serverAddress", serverAddress)));
    }

    /** {@code GET /apis}. */
    public static Map<String, Object> apiGroupList() {
        List<Object> groups = new ArrayList<>();
        groups().forEach((g, v) -> groups.add(apiGroup(g, v)));
        return Json.obj("kind", "APIGroupList", "apiVersion", "v1", "groups", groups);
    }

    /** {@code GET /apis/<group>}. */
    public static Map<String, Object> apiGroup(String group, String version) {
        Map<String, Object> gv = Json.obj("groupVersion", group + "/" + version, "version", version);
        return Json.obj("kind", "APIGroup", "apiVersion", "v1", "name", group, "versions", List.of(gv), "preferredVersion", gv);
    }

    /** {@code GET /api/v1} or {@code /apis/<group>/<version>}, or empty if nothing is served there. */
    public static Optional<Map<String, Object>> resourceList(String group, String version) {
        List<Object> resources = new ArrayList<>();
        for (Type t : ALL) {
            if (!t.group.equals(group) || !t.version.equals(version)) continue;
            Map<String, Object> r = Json.obj("name", t.plural, "singularName", t.singular, "namespaced", t.namespaced,
                    "kind", t.kind, "verbs", t.verbs);
            if (!t.shortNames.isEmpty()) r.put("shortNames", t.shortNames);
            resources.add(r);
            if (t.plural.equals("pods")) {
                resources.add(Json.obj("name", "pods/status", "singularName", "", "namespaced", true, "kind", "Pod",
                        "verbs", List.of("get", "patch", "update")));
            }
        }
        if (resources.isEmpty()) return Optional.empty();
        return Optional.of(Json.obj("kind", "APIResourceList", "apiVersion", "v1",
                "groupVersion", group.isEmpty() ? version : group + "/" + version, "resources", resources));
    }
}
