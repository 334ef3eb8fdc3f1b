package io.kopsauth.setup;

import io.kopsauth.kops.ClusterNames;
import io.kopsauth.render.Artifacts;
import io.kopsauth.render.Inputs;
import io.kopsauth.workflow.Action;
import io.kopsauth.workflow.Check;
import io.kopsauth.workflow.RunContext;
import io.kopsauth.workflow.RunState;
import io.kopsauth.workflow.Step;
import java.util.List;
import java.util.Random;

/**
 * Chooses the cluster name, {@code authenticator.<10 random letters>.k8s.local} as in the blog unless --name is
 * given, and the state store. The name is journaled before anything is created, so a re-run after a crash
 * reuses it instead of leaking a second cluster (the counter-example: random names that are never saved).
 */
public final class ChooseNameStep implements Step {
    private final SetupInputs in;
    private final Random random;

    public ChooseNameStep(SetupInputs in, Random random) {
        this.in = in;
        this.random = random;
    }

    @Override
    public String id() {
        return "choose-name";
    }

    @Override
    public String title() {
        return "Choose the cluster name";
    }

    @Override
    public List<Action> describe(RunContext ctx) {
        String name = ctx.state().cluster().orElse(in.name() != null ? in.name() : "authenticator.<10 random letters>.k8s.local");
        return List.of(Action.note("export NAME=" + name),
                Action.note("export KOPS_STATE_STORE=" + (in.stateStore() != null ? in.stateStore() : "s3://" + name)));
    }

    @Override
    public Check check(RunContext ctx) {
        RunState s = ctx.state();
        if (s.cluster().isPresent() && s.value(Values.STATE_STORE).isPresent()) {
            return Check.done(s.cluster().get() + ", state store " + s.value(Values.STATE_STORE).get());
        }
        return Check.todo("no cluster name chosen yet");
    }

    @Override
    public void apply(RunContext ctx) {
        RunState s = ctx.state();
        String name = s.cluster().orElseGet(() -> in.name() != null ? in.name() : ClusterNames.random(random));
        try {
            Inputs.clusterName(name);
        } catch (Artifacts.InvalidInputException e) {
            throw io.kopsauth.cli.CliException.usage(e.getMessage());
        }
        String store = StateStores.normalize(in.stateStore() != null ? in.stateStore() : "s3://" + name);
        s.put(RunState.CLUSTER, name);
        s.put(Values.STATE_STORE, store);
        s.put(Values.STATE_BUCKET, StateStores.bucket(store).orElseThrow(() ->
                io.kopsauth.cli.CliException.usage("the state store '" + store + "' is not an S3 URL s3://BUCKET")));
    }
}
