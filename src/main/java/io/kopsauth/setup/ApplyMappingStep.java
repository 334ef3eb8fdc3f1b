package io.kopsauth.setup;

import io.kopsauth.cli.CliException;
import io.kopsauth.kops.ClusterSpecEditor;
import io.kopsauth.kube.Kubectl;
import io.kopsauth.kube.KubectlCommands;
import io.kopsauth.render.IdentityMapping;
import io.kopsauth.render.MappingMode;
import io.kopsauth.workflow.Action;
import io.kopsauth.workflow.Check;
import io.kopsauth.workflow.Resource;
import io.kopsauth.workflow.RunContext;
import io.kopsauth.workflow.RunState;
import io.kopsauth.workflow.Step;
import io.kopsauth.workflow.Waits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Gives the authenticator its mappings. ConfigMap mode (the blog's MountedFile): render the ConfigMap and
 * {@code kubectl apply} it with the admin kubeconfig the moment the API server answers, then delete the
 * authenticator pods so they restart with it (kops never creates this ConfigMap, and until it exists the pods
 * stay pending and validation fails). CRD mode: kops renders IAMIdentityMapping objects; wait until they are
 * there. See https://kops.sigs.k8s.io/authentication/#aws-iam-authenticator.
 */
public final class ApplyMappingStep implements Step {
    static final String NAMESPACE = "kube-system";
    static final String CONFIGMAP = "aws-iam-authenticator";
    static final String SELECTOR = "k8s-app=aws-iam-authenticator";
    private final SetupInputs in;
    private final SetupPorts ports;

    public ApplyMappingStep(SetupInputs in, SetupPorts ports) {
        this.in = in;
        this.ports = ports;
    }

    @Override
    public String id() {
        return "apply-mapping";
    }

    @Override
    public String title() {
        return "Give the authenticator its identity mappings";
    }

    private Kubectl.Target admin(RunState s) {
        return new Kubectl.Target(ports.adminKubeconfig(s.cluster().orElseThrow()), null);
    }

    private String configMap(RunState s) {
        return ports.artifacts().configMap(Auth.of(in, s).authenticatorConfig());
    }

    @Override
    public List<Action> describe(RunContext ctx) {
        RunState s = ctx.state();
        Kubectl.Target t = new Kubectl.Target(ports.adminKubeconfig(s.cluster().orElse("$NAME")), null);
        if (s.value(Values.MAPPING_MODE).map(MappingMode.CRD.flag()::equals).orElse(false)) {
            return List.of(Action.command(KubectlCommands.list(t, "iamidentitymappings", null, null)));
        }
        String doc = s.value(Values.ACCOUNT).isPresent() && s.cluster().isPresent() ? configMap(s) : null;
        return List.of(Action.note("wait until 'kubectl get --raw /healthz' answers"),
                Action.command(KubectlCommands.apply(t, doc == null ? "" : doc)),
                Action.command(KubectlCommands.deletePods(t, NAMESPACE, SELECTOR)));
    }

    @Override
    public Check check(RunContext ctx) {
        RunState s = ctx.state();
        Path adminFile = admin(s).kubeconfig();
        if (!ports.kubeconfigs().exists(adminFile)) return Check.todo("no admin kubeconfig yet");
        if (ports.kubectl().healthz(admin(s)).isEmpty()) return Check.unknown("the API server does not answer yet");
        if (Auth.mode(s) == MappingMode.CRD) {
            return mappingsPresent(s) ? Check.done("the IAMIdentityMapping objects are there") : Check.todo("IAMIdentityMappings missing");
        }
        Optional<Map<String, Object>> cm = ports.kubectl().get(admin(s), "configmap", NAMESPACE, CONFIGMAP);
        if (cm.isEmpty()) return Check.todo("ConfigMap " + NAMESPACE + "/" + CONFIGMAP + " does not exist");
        if (!wantedData(s).equals(cm.get().get("data"))) return Check.todo("ConfigMap " + CONFIGMAP + " has other mappings");
        List<String> pending = pendingPods(s);
        if (!pending.isEmpty()) return Check.todo("authenticator pod " + pending.get(0) + " is still pending");
        return Check.done("ConfigMap " + NAMESPACE + "/" + CONFIGMAP + " is in place");
    }

    private Object wantedData(RunState s) {
        return ClusterSpecEditor.parse(configMap(s)).get("data");
    }

    @SuppressWarnings("unchecked")
    private List<String> pendingPods(RunState s) {
        return ports.kubectl().list(admin(s), "pods", NAMESPACE, SELECTOR).stream()
                .filter(p -> "Pending".equals(((Map<String, Object>) p.getOrDefault("status", Map.of())).get("phase")))
                .map(p -> String.valueOf(((Map<String, Object>) p.getOrDefault("metadata", Map.of())).get("name")))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private boolean mappingsPresent(RunState s) {
        Set<List<Object>> have = new HashSet<>();
        for (Map<String, Object> m : ports.kubectl().list(admin(s), "iamidentitymappings", null, null)) {
            Map<String, Object> spec = (Map<String, Object>) m.getOrDefault("spec", Map.of());
            have.add(List.of(String.valueOf(spec.get("arn")), String.valueOf(spec.get("username")),
                    spec.getOrDefault("groups", List.of())));
        }
        var auth = Auth.of(in, s);
        List<IdentityMapping> wanted = new java.util.ArrayList<>(auth.roleMappings());
        wanted.addAll(auth.mapUsers());
        for (IdentityMapping m : wanted) {
            if (!have.contains(List.of(m.arn(), m.username(), m.groups()))) return false;
        }
        return true;
    }

    @Override
    public void apply(RunContext ctx) throws Exception {
        RunState s = ctx.state();
        Kubectl.Target t = admin(s);
        Waits.until(ctx, "the API server", in.validateTimeout(), Duration.ofSeconds(2), () -> ports.kubectl().healthz(t));
        if (Auth.mode(s) == MappingMode.CRD) {
            Waits.until(ctx, "kops to create the IAMIdentityMapping objects", in.validateTimeout(), Duration.ofSeconds(3), () -> {
                try {
                    return mappingsPresent(s) ? Optional.of(true) : Optional.empty();
                } catch (CliException e) {
                    return Optional.empty(); // the CRD itself may not be installed yet
                }
            });
            return;
        }
        ports.kubectl().apply(t, configMap(s));
        s.record(Resource.created(ResourceKinds.CONFIGMAP, NAMESPACE + "/" + CONFIGMAP, id()));
        if (!ports.kubectl().list(t, "pods", NAMESPACE, SELECTOR).isEmpty()) {
            ctx.note("restarting the authenticator pods so they read the ConfigMap");
            ports.kubectl().deletePods(t, NAMESPACE, SELECTOR);
        }
    }

    /** The ConfigMap as the journal names it ({@code kube-system/aws-iam-authenticator}). */
    public static String configMapId() {
        return NAMESPACE + "/" + CONFIGMAP;
    }

    /**
     * True if teardown may delete the ConfigMap setup applied: only on a cluster kopsauth created. On a reused
     * cluster it stays, since removing it would lock every IAM user out.
     */
    public static boolean configMapRemovable(RunState s) {
        return s.resource(ResourceKinds.CONFIGMAP, configMapId()).map(Resource::created).orElse(false)
                && s.cluster().flatMap(c -> s.resource(ResourceKinds.KOPS_CLUSTER, c)).map(Resource::created).orElse(false);
    }

    /** True if the cluster's API server answers through the admin kubeconfig kopsauth kept. */
    public boolean apiAnswers(RunState s) {
        Path adminFile = admin(s).kubeconfig();
        return ports.kubeconfigs().exists(adminFile) && ports.kubectl().healthz(admin(s)).isPresent();
    }

    /** True if the ConfigMap is in the cluster (the API must answer). */
    public boolean configMapPresent(RunState s) {
        return ports.kubectl().get(admin(s), "configmap", NAMESPACE, CONFIGMAP).isPresent();
    }

    /**
     * Deletes the ConfigMap setup applied while the API server still answers, on a cluster kopsauth created (see
     * {@link #configMapRemovable}); a cluster that no longer answers takes it along when it goes.
     */
    @Override
    public void undo(RunContext ctx) {
        RunState s = ctx.state();
        if (s.resource(ResourceKinds.CONFIGMAP, configMapId()).isEmpty()) return;
        if (configMapRemovable(s) && apiAnswers(s)) {
            ctx.note("kubectl delete configmap " + CONFIGMAP + " -n " + NAMESPACE);
            ports.kubectl().delete(admin(s), "configmap", NAMESPACE, CONFIGMAP);
        }
        s.forget(ResourceKinds.CONFIGMAP, configMapId());
    }
}
