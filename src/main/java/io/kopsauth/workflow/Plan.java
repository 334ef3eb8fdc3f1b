package io.kopsauth.workflow;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A named list of steps, grouped into stages: the steps of one stage may run at the same time, and a stage
 * starts when the one before it has finished. {@code Plan.named("setup").then(a).then(b).alongside(c)} runs
 * a, then b and c together.
 *
 * @param name   the plan's name ("setup", "teardown")
 * @param stages the stages in order; each is one or more steps
 */
public record Plan(String name, List<List<Step>> stages) {

    public Plan {
        stages = stages.stream().map(List::copyOf).toList();
        Set<String> ids = new HashSet<>();
        for (List<Step> stage : stages) {
            if (stage.isEmpty()) throw new IllegalArgumentException("empty stage in plan " + name);
            for (Step s : stage) {
                if (!ids.add(s.id())) throw new IllegalArgumentException("duplicate step id " + s.id() + " in plan " + name);
            }
        }
    }

    /** Starts building a plan. */
    public static Builder named(String name) {
        return new Builder(name);
    }

    /** Every step in order (stage by stage, then in the order they were added). */
    public List<Step> steps() {
        return stages.stream().flatMap(List::stream).toList();
    }

    /** The same steps, one per stage: for runs that show and ask step by step (dry run, tutorial). */
    public Plan sequential() {
        return new Plan(name, steps().stream().map(List::of).toList());
    }

    /** Builds a {@link Plan}. */
    public static final class Builder {
        private final String name;
        private final List<List<Step>> stages = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        /** Adds a step that starts after everything added so far. */
        public Builder then(Step step) {
            stages.add(new ArrayList<>(List.of(step)));
            return this;
        }

        /** Adds a step that runs at the same time as the previous one. */
        public Builder alongside(Step step) {
            if (stages.isEmpty()) throw new IllegalStateException("alongside() needs a step before it");
            stages.get(stages.size() - 1).add(step);
            return this;
        }

        public Plan build() {
            return new Plan(name, stages);
        }
    }
}
