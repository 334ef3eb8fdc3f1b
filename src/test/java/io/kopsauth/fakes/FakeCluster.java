package io.kopsauth.fakes;

import io.kopsauth.kops.ClusterSpecEditor;
import io.kopsauth.kops.Kops;
import io.kopsauth.kube.Kubectl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A stateful stand-in for kops and one cluster's API server, for unit tests of the steps: kops keeps specs per
 * state store; after {@code update cluster} the API answers; in MountedFile mode the authenticator pod stays
 * Pending until the ConfigMap exists and the pod is deleted, as with real kops (reference/kops-cli.md §1.5).
 */
public final class FakeCluster {
    public final Map<String, String> specs = new HashMap<>();
    public int creates;
    public int updates;
    public int replaces;
    public boolean up;
    public Map<String, Object> configMapData;
    public boolean podRestartedWithConfigMap;
    public int deletes;
    /** What {@code kubectl delete} removed ("configmap kube-system/aws-iam-authenticator"). */
    public final List<String> deletedObjects = new ArrayList<>();
    /** When set, the named kops operation "crashes" right after doing its work (like a SIGKILL mid-step). */
    public String crashAfter;

    private void maybeCrash(String op) {
        if (op.equals(crashAfter)) {
            crashAfter = null;
            throw new Killed(op);
        }
    }

    /** Thrown by {@link #crashAfter}: the process "died" right after the operation took effect. */
    public static final class Killed extends RuntimeException {
        public Killed(String op) {
            super("killed after " + op);
        }
    }

    @SuppressWarnings("unchecked")
    private boolean crdMode(String cluster) {
        String yaml = specs.get(cluster);
        if (yaml == null) return false;
        Map<String, Object> spec = (Map<String, Object>) ClusterSpecEditor.parse(yaml).get("spec");
        Object auth = spec.get("authentication");
        return auth instanceof Map<?, ?> a && a.get("aws") instanceof Map<?, ?> aws && String.valueOf(aws.get("backendMode")).contains("CRD");
    }

    private String only() {
        return specs.keySet().stream().findFirst().orElseThrow();
    }

    public Kops kops() {
        return new Kops() {
            @Override
            public String version() {
                return "Client version: 1.36.2 (git-v1.36.2)";
            }

            @Override
            public synchronized Optional<String> getClusterYaml(String cluster, String stateStore) {
                return Optional.ofNullable(specs.get(cluster));
            }

            @Override
            public synchronized void createCluster(CreateCluster spec) {
                if (specs.containsKey(spec.name())) throw new IllegalStateException("cluster \"" + spec.name() + "\" already exists");
                specs.put(spec.name(), "apiVersion: kops.k8s.io/v1alpha2\nkind: Cluster\nmetadata:\n  name: " + spec.name()
                        + "\nspec:\n  authorization:\n    rbac: {}\n  channel: stable\n  cloudProvider: aws\n  configBase: "
                        + spec.stateStore() + "/" + spec.name() + "\n");
                creates++;
                maybeCrash("create");
            }

            @Override
            public synchronized void replace(String yaml, String stateStore) {
                String name = String.valueOf(((Map<?, ?>) ClusterSpecEditor.parse(yaml).get("metadata")).get("name"));
                specs.put(name, yaml);
                replaces++;
            }

            @Override
            public synchronized void updateCluster(String cluster, String stateStore) {
                updates++;
                up = true;
                maybeCrash("update");
            }

            @Override
            public void exportAdminKubeconfig(String cluster, String stateStore, Path kubeconfig) {
                try {
                    Files.createDirectories(kubeconfig.getParent());
                    Files.writeString(kubeconfig, "apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: Q0EK\n"
                            + "    server: https://127.0.0.1:6443/clusters/" + cluster + "\n  name: " + cluster + "\ncontexts:\n"
                            + "- context:\n    cluster: " + cluster + "\n    user: " + cluster + "\n  name: " + cluster + "\n"
                            + "current-context: " + cluster + "\nkind: Config\npreferences: {}\nusers:\n- name: " + cluster
                            + "\n  user:\n    token: admin-secret\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public synchronized Validation validate(String cluster, String stateStore, Duration wait) {
                if (!up) return new Validation(false, List.of(new Failure("Machine", "i-1", "machine \"i-1\" has not yet joined cluster")), List.of());
                if (!crdMode(cluster) && !podRestartedWithConfigMap) {
                    return new Validation(false, List.of(new Failure("Pod", "kube-system/aws-iam-authenticator-x",
                            "system-node-critical pod \"aws-iam-authenticator-x\" is pending")), List.of());
                }
                return new Validation(true, List.of(), List.of(new Node("i-1", "control-plane", "True"), new Node("i-2", "node", "True")));
            }

            @Override
            public synchronized void deleteCluster(String cluster, String stateStore) {
                if (specs.remove(cluster) != null) deletes++;
                if (specs.isEmpty()) up = false;
            }
        };
    }

    public Kubectl kubectl() {
        return new Kubectl() {
            @Override
            public Optional<String> healthz(Target t) {
                return up && Files.exists(t.kubeconfig()) ? Optional.of("ok") : Optional.empty();
            }

            @Override
            @SuppressWarnings("unchecked")
            public synchronized void apply(Target t, String yaml) {
                configMapData = (Map<String, Object>) ClusterSpecEditor.parse(yaml).get("data");
            }

            @Override
            @SuppressWarnings("unchecked")
            public synchronized List<Map<String, Object>> list(Target t, String resource, String namespace, String selector) {
                if (resource.equals("pods")) {
                    String phase = crdMode(only()) || podRestartedWithConfigMap ? "Running" : "Pending";
                    return List.of(Map.of("metadata", Map.of("name", "aws-iam-authenticator-x"), "status", Map.of("phase", phase)));
                }
                if (resource.equals("iamidentitymappings")) {
                    if (!crdMode(only())) throw new IllegalStateException("no such resource");
                    Map<String, Object> spec = (Map<String, Object>) ClusterSpecEditor.parse(specs.get(only())).get("spec");
                    Map<String, Object> aws = (Map<String, Object>) ((Map<String, Object>) spec.get("authentication")).get("aws");
                    List<Map<String, Object>> out = new ArrayList<>();
                    for (Object m : (List<Object>) aws.getOrDefault("identityMappings", List.of())) out.add(Map.of("spec", m));
                    return out;
                }
                return List.of();
            }

            @Override
            public synchronized Optional<Map<String, Object>> get(Target t, String resource, String namespace, String name) {
                if (resource.equals("configmap") && configMapData != null) {
                    Map<String, Object> cm = new LinkedHashMap<>();
                    cm.put("data", configMapData);
                    return Optional.of(cm);
                }
                return Optional.empty();
            }

            @Override
            public synchronized void delete(Target t, String resource, String namespace, String name) {
                if (resource.equals("configmap")) configMapData = null;
                deletedObjects.add(resource + " " + namespace + "/" + name);
            }

            @Override
            public synchronized void deletePods(Target t, String namespace, String selector) {
                if (configMapData != null) podRestartedWithConfigMap = true;
            }

            @Override
            public String nodes(Target t) {
                return "NAME   STATUS   ROLES           AGE   VERSION\ni-1    Ready    control-plane   1m    v1.32.0\ni-2    Ready    node            1m    v1.32.0\n";
            }

            @Override
            public Whoami whoami(Target t) {
                return new Whoami("kubernetes-admin", List.of("system:masters", "system:authenticated"));
            }

            @Override
            public boolean canI(Target t, String verb, String resource) {
                return true;
            }
        };
    }
}
