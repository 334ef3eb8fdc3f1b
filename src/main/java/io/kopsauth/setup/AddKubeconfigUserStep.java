package io.kopsauth.setup;

import io.kopsauth.cli.CliException;
import io.kopsauth.kops.ClusterSpecEditor;
import io.kopsauth.kube.Kubeconfig;
import io.kopsauth.kube.KubeconfigFile;
import io.kopsauth.render.ExecUser;
import io.kopsauth.workflow.Action;
import io.kopsauth.workflow.Check;
import io.kopsauth.workflow.Resource;
import io.kopsauth.workflow.RunContext;
import io.kopsauth.workflow.RunState;
import io.kopsauth.workflow.Step;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds an exec user and a context for the cluster to the user's kubeconfig, so {@code kubectl --context
 * kopsauth-<cluster>} authenticates through IAM from any fresh shell. The entries are named
 * {@code kopsauth-<cluster>} so they never collide with the {@code <cluster>} entries kops writes; the cluster
 * entry (server and CA) is copied from the admin kubeconfig; current-context is kept unless --switch-context.
 * The journal records exactly what was added and the previous current-context, for teardown.
 */
public final class AddKubeconfigUserStep implements Step {
    private final SetupInputs in;
    private final SetupPorts ports;

    public AddKubeconfigUserStep(SetupInputs in, SetupPorts ports) {
        this.in = in;
        this.ports = ports;
    }

    /** The name of the cluster, user and context entries kopsauth owns for a cluster. */
    public static String entryName(String cluster) {
        return "kopsauth-" + cluster;
    }

    @Override
    public String id() {
        return "add-kubeconfig-user";
    }

    @Override
    public String title() {
        return "Add the IAM exec user to your kubeconfig";
    }

    /** The three entries to write: clusters[], users[], contexts[] bodies. */
    record Entries(String name, Map<String, Object> cluster, Map<String, Object> user, Map<String, Object> context) {}

    @SuppressWarnings("unchecked")
    private Entries wanted(RunState s) {
        String cluster = s.cluster().orElseThrow();
        String name = entryName(cluster);
        Path admin = ports.adminKubeconfig(cluster);
        Kubeconfig adminKc = ports.kubeconfigs().read(admin);
        String adminCluster = adminKc.names(Kubeconfig.Kind.CLUSTERS).contains(cluster) ? cluster
                : adminKc.names(Kubeconfig.Kind.CLUSTERS).stream().findFirst().orElseThrow(() ->
                        CliException.failed("the admin kubeconfig " + admin + " has no cluster entry",
                                "re-run 'kopsauth setup' to export it again"));
        Map<String, Object> clusterBody = adminKc.get(Kubeconfig.Kind.CLUSTERS, adminCluster).orElseThrow();
        ExecUser e = Auth.of(in, s).execUser();
        // Our own cluster entry (a copy of the admin kubeconfig's), and the env the plugin needs in a fresh shell.
        Map<String, Object> fragment = ClusterSpecEditor.parse(ports.artifacts().execUser(
                new ExecUser(name, name, name, e.command(), e.args(), in.pluginEnv())));
        Map<String, Object> user = (Map<String, Object>) ((List<Map<String, Object>>) fragment.get("users")).get(0).get("user");
        Map<String, Object> context = (Map<String, Object>) ((List<Map<String, Object>>) fragment.get("contexts")).get(0).get("context");
        return new Entries(name, new LinkedHashMap<>(clusterBody), user, context);
    }

    private Path file() {
        return in.kubeconfig();
    }

    /**
     * The same entries made with {@code kubectl config}: the cluster copied from the admin kubeconfig, the exec user,
     * the context; then the kubeconfig snippet itself.
     */
    @Override
    public List<Action> describe(RunContext ctx) {
        RunState s = ctx.state();
        String cluster = s.cluster().orElse("$NAME");
        String name = entryName(cluster);
        String kc = file().toString();
        Path admin = ports.adminKubeconfig(cluster);
        List<Action> out = new java.util.ArrayList<>();
        String server = "https://api." + cluster;
        if (ports.kubeconfigs().exists(admin)) {
            Kubeconfig adminKc = ports.kubeconfigs().read(admin);
            Object url = adminKc.names(Kubeconfig.Kind.CLUSTERS).stream().findFirst()
                    .flatMap(c -> adminKc.get(Kubeconfig.Kind.CLUSTERS, c)).map(b -> b.get("server")).orElse(null);
            if (url != null) server = url.toString();
        }
        out.add(new Action(Action.Kind.COMMAND, "kubectl --kubeconfig " + io.kopsauth.exec.Cmd.shellQuote(admin.toString())
                + " config view --raw -o jsonpath='{.clusters[0].cluster.certificate-authority-data}' | base64 -d > ca.crt", null));
        out.add(Action.command(io.kopsauth.exec.Cmd.of("kubectl", "config", "set-cluster", name, "--kubeconfig", kc,
                "--server=" + server, "--certificate-authority=ca.crt", "--embed-certs=true")));
        boolean known = s.cluster().isPresent() && s.value(Values.ACCOUNT).isPresent() && s.value(Values.MAPPING_MODE).isPresent()
                && s.value(Values.EXEC_COMMAND).isPresent();
        String snippet = null;
        if (known) {
            ExecUser e = Auth.of(in, s).execUser();
            List<String> argv = new java.util.ArrayList<>(List.of("kubectl", "config", "set-credentials", name, "--kubeconfig", kc,
                    "--exec-api-version=client.authentication.k8s.io/v1beta1", "--exec-command=" + e.command()));
            for (String a : e.args()) argv.add("--exec-arg=" + a);
            in.pluginEnv().forEach((k, v) -> argv.add("--exec-env=" + k + "=" + v));
            out.add(Action.command(io.kopsauth.exec.Cmd.of(argv)));
            snippet = ports.artifacts().execUser(new ExecUser(name, name, name, e.command(), e.args(), in.pluginEnv()));
        }
        out.add(Action.command(io.kopsauth.exec.Cmd.of("kubectl", "config", "set-context", name, "--kubeconfig", kc,
                "--cluster=" + name, "--user=" + name)));
        if (in.switchContext()) out.add(Action.command(io.kopsauth.exec.Cmd.of("kubectl", "config", "use-context", name, "--kubeconfig", kc)));
        out.add(Action.file(file(), "the user and context this adds (with a backup of the file first) to", snippet));
        return out;
    }

    @Override
    public Check check(RunContext ctx) {
        RunState s = ctx.state();
        if (!ports.kubeconfigs().exists(ports.adminKubeconfig(s.cluster().orElseThrow()))) return Check.todo("no admin kubeconfig yet");
        Entries e = wanted(s);
        Kubeconfig kc = ports.kubeconfigs().read(file());
        boolean same = kc.get(Kubeconfig.Kind.CLUSTERS, e.name()).map(e.cluster()::equals).orElse(false)
                && kc.get(Kubeconfig.Kind.USERS, e.name()).map(e.user()::equals).orElse(false)
                && kc.get(Kubeconfig.Kind.CONTEXTS, e.name()).map(e.context()::equals).orElse(false)
                && (!in.switchContext() || kc.currentContext().map(e.name()::equals).orElse(false));
        if (!same) return Check.todo("context " + e.name() + " is missing or different in " + file());
        if (s.resource(ResourceKinds.KUBECONFIG_ENTRIES, file() + "#" + e.name()).isEmpty()) return Check.todo("not in the journal yet");
        return Check.done("context " + e.name() + " in " + file());
    }

    @Override
    public void apply(RunContext ctx) {
        RunState s = ctx.state();
        Entries e = wanted(s);
        Kubeconfig before = ports.kubeconfigs().read(file());
        String id = file() + "#" + e.name();
        Resource r = s.resource(ResourceKinds.KUBECONFIG_ENTRIES, id).orElseGet(() -> Resource.created(ResourceKinds.KUBECONFIG_ENTRIES, id, id())
                .with("file", file().toString())
                .with("cluster", e.name()).with("user", e.name()).with("context", e.name())
                .with("previousCurrentContext", before.currentContext().orElse("")));
        s.record(r);
        ctx.checkpoint();
        KubeconfigFile.Edit edit = ports.kubeconfigs().edit(file(), kc -> {
            kc.put(Kubeconfig.Kind.CLUSTERS, e.name(), e.cluster());
            kc.put(Kubeconfig.Kind.USERS, e.name(), e.user());
            kc.put(Kubeconfig.Kind.CONTEXTS, e.name(), e.context());
            if (in.switchContext()) kc.currentContext(e.name());
        });
        if (edit.backup() != null) s.record(r.with("backup", edit.backup().toString()));
        s.put(Values.KUBECONFIG, file().toString());
        s.put(Values.CONTEXT, e.name());
    }

    /**
     * Removes exactly the entries the journal says setup added, from the file it added them to; if the current
     * context is ours, the previous one comes back.
     */
    @Override
    public void undo(RunContext ctx) {
        RunState s = ctx.state();
        for (Resource r : s.resources(ResourceKinds.KUBECONFIG_ENTRIES)) {
            Path f = Path.of(r.details().get("file"));
            if (ports.kubeconfigs().exists(f)) {
                ports.kubeconfigs().edit(f, kc -> {
                    kc.remove(Kubeconfig.Kind.CONTEXTS, r.details().get("context"));
                    kc.remove(Kubeconfig.Kind.USERS, r.details().get("user"));
                    kc.remove(Kubeconfig.Kind.CLUSTERS, r.details().get("cluster"));
                    if (kc.currentContext().map(r.details().get("context")::equals).orElse(false)) {
                        String prev = r.details().getOrDefault("previousCurrentContext", "");
                        kc.currentContext(prev.isEmpty() ? null : prev);
                    }
                });
            }
            s.forget(ResourceKinds.KUBECONFIG_ENTRIES, r.id());
        }
    }
}
