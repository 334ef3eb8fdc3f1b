package io.kopsauth.setup;

import io.kopsauth.cli.CliException;
import io.kopsauth.kops.ClusterSpecEditor;
import io.kopsauth.kops.KopsCommands;
import io.kopsauth.workflow.Action;
import io.kopsauth.workflow.Check;
import io.kopsauth.workflow.RunContext;
import io.kopsauth.workflow.RunState;
import io.kopsauth.workflow.Step;
import java.util.List;
import java.util.Map;

/**
 * Turns on RBAC and the AWS IAM Authenticator in the cluster spec: {@code kops get cluster -o yaml}, set
 * {@code authorization.rbac: {}} and {@code authentication.aws} for the mapping mode, {@code kops replace -f -},
 * read back and verify. Everything else in the spec is kept. Editing with get/replace works on every kops
 * version (edit --set cannot grow lists before 1.37). See the blog's "kops edit cluster" step and
 * https://kops.sigs.k8s.io/authentication/.
 */
public final class ConfigureClusterAuthStep implements Step {
    private final SetupInputs in;
    private final SetupPorts ports;

    public ConfigureClusterAuthStep(SetupInputs in, SetupPorts ports) {
        this.in = in;
        this.ports = ports;
    }

    @Override
    public String id() {
        return "configure-cluster-auth";
    }

    @Override
    public String title() {
        return "Enable RBAC and the IAM authenticator in the cluster spec";
    }

    private Map<String, Object> fragment(RunState s) {
        return ClusterSpecEditor.parse(ports.artifacts().clusterSpecFragment(Auth.of(in, s).clusterAuthSpec()));
    }

    private Map<String, Object> current(RunState s) {
        String name = s.cluster().orElseThrow();
        String yaml = ports.kops().getClusterYaml(name, s.require(Values.STATE_STORE)).orElseThrow(() ->
                CliException.failed("kops has no cluster " + name + " in " + s.require(Values.STATE_STORE),
                        "re-run 'kopsauth setup' to create it"));
        return ClusterSpecEditor.parse(yaml);
    }

    @Override
    public List<Action> describe(RunContext ctx) {
        RunState s = ctx.state();
        String store = s.value(Values.STATE_STORE).orElse("$KOPS_STATE_STORE");
        String name = s.cluster().orElse("$NAME");
        String fragment = s.value(Values.ACCOUNT).isPresent() && s.value(Values.MAPPING_MODE).isPresent() && s.cluster().isPresent()
                ? ports.artifacts().clusterSpecFragment(Auth.of(in, s).clusterAuthSpec()) : null;
        // kops 1.36 cannot add list items with 'kops edit cluster --set': fetch, edit, replace (reference §2.5).
        return List.of(new Action(Action.Kind.COMMAND, KopsCommands.getClusterYaml(name, store).display() + " > spec.yaml", null),
                Action.note("edit spec.yaml: set these fields, keep everything else"
                        + (fragment == null ? "" : ":\n" + fragment.strip())),
                new Action(Action.Kind.COMMAND, io.kopsauth.exec.Cmd.of("kops", "replace", "-f", "spec.yaml", "--state", store).display(), null));
    }

    @Override
    public Check check(RunContext ctx) {
        RunState s = ctx.state();
        var yaml = ports.kops().getClusterYaml(s.cluster().orElseThrow(), s.require(Values.STATE_STORE));
        if (yaml.isEmpty()) return Check.todo("the cluster is not in the state store yet");
        if (ClusterSpecEditor.satisfies(ClusterSpecEditor.parse(yaml.get()), fragment(s))) {
            return Check.done("RBAC and the authenticator (" + s.require(Values.MAPPING_MODE) + ") are in the spec");
        }
        return Check.todo("the spec lacks RBAC or the authenticator settings");
    }

    @Override
    public void apply(RunContext ctx) {
        RunState s = ctx.state();
        Map<String, Object> fragment = fragment(s);
        Map<String, Object> edited = ClusterSpecEditor.apply(current(s), fragment);
        s.put(Values.CLUSTER_UPDATE_NEEDED, "true");
        ctx.checkpoint();
        ports.kops().replace(ClusterSpecEditor.dump(edited), s.require(Values.STATE_STORE));
        if (!ClusterSpecEditor.satisfies(current(s), fragment)) {
            throw CliException.failed("kops accepted the new cluster spec but did not keep the authentication settings",
                    "check 'kops get cluster " + s.cluster().orElseThrow() + " -o yaml'; your kops version may drop them");
        }
    }
}
