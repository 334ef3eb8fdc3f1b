package io.kopsauth.setup;

import io.kopsauth.cli.CliException;
import io.kopsauth.kops.Kops;
import io.kopsauth.kops.KopsCommands;
import io.kopsauth.kube.Kubectl;
import io.kopsauth.kube.KubectlCommands;
import io.kopsauth.workflow.Action;
import io.kopsauth.workflow.Check;
import io.kopsauth.workflow.RunContext;
import io.kopsauth.workflow.RunState;
import io.kopsauth.workflow.Step;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Proves the whole chain: {@code kops validate cluster --wait} (failures reported in kops' words), then the real
 * kubectl through the new context, that is through IAM: {@code get nodes} and {@code auth whoami}. It runs on
 * every run, since a journal can say "done" about a cluster that has since broken.
 */
public final class ValidateStep implements Step {
    private final SetupInputs in;
    private final SetupPorts ports;

    public ValidateStep(SetupInputs in, SetupPorts ports) {
        this.in = in;
        this.ports = ports;
    }

    @Override
    public String id() {
        return "validate";
    }

    @Override
    public String title() {
        return "Validate the cluster and log in through IAM";
    }

    private Kubectl.Target userTarget(RunState s) {
        String ctx = AddKubeconfigUserStep.entryName(s.cluster().orElse("$NAME"));
        return new Kubectl.Target(Path.of(s.value(Values.KUBECONFIG).orElse(in.kubeconfig().toString())), ctx);
    }

    @Override
    public List<Action> describe(RunContext ctx) {
        RunState s = ctx.state();
        return List.of(Action.command(KopsCommands.validate(s.cluster().orElse("$NAME"),
                        s.value(Values.STATE_STORE).orElse("$KOPS_STATE_STORE"), in.validateTimeout())),
                Action.command(KubectlCommands.nodes(userTarget(s))),
                Action.command(KubectlCommands.whoami(userTarget(s))));
    }

    @Override
    public Check check(RunContext ctx) {
        return Check.todo("validation runs on every run");
    }

    @Override
    public void apply(RunContext ctx) {
        RunState s = ctx.state();
        String name = s.cluster().orElseThrow();
        ctx.note("kops validate cluster (up to " + in.validateTimeout().toSeconds() + "s)");
        Kops.Validation v = ports.kops().validate(name, s.require(Values.STATE_STORE), in.validateTimeout());
        if (!v.healthy()) {
            List<String> words = new ArrayList<>();
            for (Kops.Failure f : v.failures()) words.add(f.type() + " " + f.name() + ": " + f.message());
            List<String> hints = new ArrayList<>();
            if (words.stream().anyMatch(w -> w.contains("aws-iam-authenticator"))) {
                hints.add("the authenticator is not running: check 'kubectl --kubeconfig " + ports.adminKubeconfig(name)
                        + " -n kube-system get configmap aws-iam-authenticator' and its pods");
            }
            hints.add("re-run 'kopsauth setup' to resume (it waits again), or 'kopsauth teardown' to remove everything");
            throw CliException.failed("the cluster did not pass validation within " + in.validateTimeout().toSeconds() + "s"
                    + (words.isEmpty() ? "" : ": " + String.join("; ", words)), hints.toArray(String[]::new));
        }
        Kubectl.Target t = userTarget(s);
        String nodes = ports.kubectl().nodes(t);
        long count = nodes.lines().skip(1).filter(l -> !l.isBlank()).count();
        ctx.note(count + " nodes listed through IAM");
        try {
            Kubectl.Whoami who = ports.kubectl().whoami(t);
            s.put(Values.WHOAMI, who.username() + (who.groups().isEmpty() ? "" : " (" + String.join(", ", who.groups()) + ")"));
        } catch (CliException e) {
            // Servers before Kubernetes 1.28 have no SelfSubjectReview; can-i still proves the mapping's rights.
            if (!ports.kubectl().canI(t, "*", "*")) throw e;
            s.put(Values.WHOAMI, "the mapped admin user (allowed to do everything)");
        }
    }
}
