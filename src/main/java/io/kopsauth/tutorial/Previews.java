package io.kopsauth.tutorial;

import io.kopsauth.setup.SetupPorts;
import io.kopsauth.workflow.Action;
import io.kopsauth.workflow.Plan;
import io.kopsauth.workflow.PlanRunner;
import io.kopsauth.workflow.RunContext;
import io.kopsauth.workflow.RunState;
import io.kopsauth.workflow.Step;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What a step would change, found the dry-run way: the same step of the same plan, built over recording ports
 * (real reads, reported writes), applied to a copy of the run state. Nothing is changed and nothing is journaled.
 */
final class Previews {
    private final Function<Consumer<Action>, SetupPorts> recordingPorts;
    private final Function<SetupPorts, Plan> plan;
    private final Clock clock;
    private final PlanRunner.Sleeper sleeper;

    /**
     * @param recordingPorts recording ports reporting to the given sink (a fresh set for each preview)
     * @param plan           the plan over the given ports (the same plan the tutorial runs, with the same seed)
     */
    Previews(Function<Consumer<Action>, SetupPorts> recordingPorts, Function<SetupPorts, Plan> plan,
             Clock clock, PlanRunner.Sleeper sleeper) {
        this.recordingPorts = recordingPorts;
        this.plan = plan;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** The actions {@code stepId} would perform now, then the values it would remember. */
    List<Action> of(String stepId, RunState state) throws Exception {
        List<Action> got = new ArrayList<>();
        Consumer<Action> sink = got::add;
        SetupPorts r = recordingPorts.apply(sink);
        SetupPorts ports = new SetupPorts(r.preflight(), r.buckets(), r.roles(), new DiffingKops(r.kops(), sink), r.kubectl(),
                r.kubeconfigs(), r.artifacts(), r.which(), r.clusterDir());
        Step step = plan.apply(ports).steps().stream().filter(s -> s.id().equals(stepId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no step " + stepId));
        RunState copy = RunState.fromJsonText(state.toJsonText());
        step.apply(new Context(copy));
        Map<String, String> before = state.values();
        copy.values().forEach((k, v) -> {
            if (!Objects.equals(before.get(k), v)) got.add(Action.note("remember " + k + " = " + v));
        });
        return got;
    }

    private final class Context implements RunContext {
        private final RunState state;

        Context(RunState state) {
            this.state = state;
        }

        @Override
        public RunState state() {
            return state;
        }

        @Override
        public void note(String text) {
        }

        @Override
        public void checkpoint() {
        }

        @Override
        public Clock clock() {
            return clock;
        }

        @Override
        public void sleep(Duration d) throws InterruptedException {
            sleeper.sleep(d);
        }
    }
}
