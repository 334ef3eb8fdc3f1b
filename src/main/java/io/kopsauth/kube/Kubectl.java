package io.kopsauth.kube;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** kubectl as kopsauth uses it, always with an explicit kubeconfig (and context when given). */
public interface Kubectl {

    /** Which kubeconfig file and context a command uses; context null means the file's current context. */
    record Target(Path kubeconfig, String context) {}

    /** {@code kubectl get --raw /healthz}: the body when the API server answers, else empty. */
    Optional<String> healthz(Target t);

    /** {@code kubectl apply -f -} with the document on stdin. */
    void apply(Target t, String yaml);

    /** {@code kubectl get RESOURCE -n NS -l SELECTOR -o json}: the items. Namespace null: cluster-scoped. */
    List<Map<String, Object>> list(Target t, String resource, String namespace, String selector);

    /** {@code kubectl get RESOURCE NAME -n NS -o json}, or empty if it does not exist. */
    Optional<Map<String, Object>> get(Target t, String resource, String namespace, String name);

    /** {@code kubectl delete RESOURCE NAME -n NS --ignore-not-found}: gone afterwards, whether or not it was there. */
    void delete(Target t, String resource, String namespace, String name);

    /** {@code kubectl delete pods -n NS -l SELECTOR}. */
    void deletePods(Target t, String namespace, String selector);

    /** {@code kubectl get nodes}: the table as printed. */
    String nodes(Target t);

    /** {@code kubectl auth whoami -o json}: who the API server says we are. */
    Whoami whoami(Target t);

    /** {@code kubectl auth can-i VERB RESOURCE}. */
    boolean canI(Target t, String verb, String resource);

    /** The user the API server authenticated. */
    record Whoami(String username, List<String> groups) {
        public Whoami {
            groups = List.copyOf(groups);
        }
    }
}
