package io.kopsauth.workflow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a plan: for each step, check → gate → apply → journal, reporting to one listener. Steps of one stage
 * run at the same time (unless {@link #sequential()}); a stage starts when the previous one has finished, and
 * the run stops at the first stage with a failed step (its other steps finish first, so the journal is true).
 * The journal is saved when the run starts, after every step and when the run ends.
 */
public final class PlanRunner {
    /** How a step waits; {@link #REAL} sleeps, tests advance a clock. */
    @FunctionalInterface
    public interface Sleeper {
        Sleeper REAL = d -> Thread.sleep(Math.max(0, d.toMillis()));

        void sleep(Duration d) throws InterruptedException;
    }

    private final Journal journal;
    private final Gate gate;
    private final RunListener listener;
    private final Clock clock;
    private final Sleeper sleeper;
    private final boolean parallel;
    private final boolean keepGoing;

    private PlanRunner(Journal journal, Gate gate, RunListener listener, Clock clock, Sleeper sleeper, boolean parallel) {
        this(journal, gate, listener, clock, sleeper, parallel, false);
    }

    private PlanRunner(Journal journal, Gate gate, RunListener listener, Clock clock, Sleeper sleeper, boolean parallel,
                       boolean keepGoing) {
        this.journal = journal;
        this.gate = gate;
        this.listener = listener;
        this.clock = clock;
        this.sleeper = sleeper;
        this.parallel = parallel;
        this.keepGoing = keepGoing;
    }

    /** A runner that journals to {@code journal}, never asks, reports nothing, and runs stages in parallel. */
    public static PlanRunner journalingTo(Journal journal) {
        return new PlanRunner(journal, Gate.ALWAYS_GO, new RunListener() { }, Clock.systemUTC(), Sleeper.REAL, true);
    }

    public PlanRunner gate(Gate g) {
        return new PlanRunner(journal, g, listener, clock, sleeper, parallel, keepGoing);
    }

    public PlanRunner listener(RunListener l) {
        return new PlanRunner(journal, gate, l, clock, sleeper, parallel, keepGoing);
    }

    public PlanRunner clock(Clock c) {
        return new PlanRunner(journal, gate, listener, c, sleeper, parallel, keepGoing);
    }

    public PlanRunner sleeper(Sleeper s) {
        return new PlanRunner(journal, gate, listener, clock, s, parallel, keepGoing);
    }

    /** Runs every step on its own, in plan order (for dry runs and the tutorial). */
    public PlanRunner sequential() {
        return new PlanRunner(journal, gate, listener, clock, sleeper, false, keepGoing);
    }

    /**
     * Goes on past a failed step (teardown {@code --force}): every step runs, the run still ends FAILED with the
     * first failure, and {@link RunResult#steps()} holds every outcome. A STOP from the gate still ends the run.
     */
    public PlanRunner keepGoing() {
        return new PlanRunner(journal, gate, listener, clock, sleeper, parallel, true);
    }

    /** Runs the plan against {@code state}, which it updates and journals. */
    public RunResult run(Plan plan, RunState state) {
        Instant start = clock.instant();
        long t0 = System.nanoTime();
        List<RunResult.Entry> done = Collections.synchronizedList(new ArrayList<>());
        state.runStarted(start);
        try {
            journal.save(state);
        } catch (RuntimeException e) {
            return new RunResult(RunResult.Status.FAILED, List.of(), Duration.ofNanos(System.nanoTime() - t0), null, e);
        }
        listener.planStarted(plan, state);
        RunResult.Status status = RunResult.Status.SUCCEEDED;
        Step failed = null;
        Throwable failure = null;
        ExecutorService pool = null;
        try {
            for (List<Step> stage : (parallel ? plan : plan.sequential()).stages()) {
                List<Attempt> attempts = new ArrayList<>();
                if (stage.size() == 1) {
                    attempts.add(runStep(stage.get(0), state, done));
                } else {
                    if (pool == null) pool = Executors.newCachedThreadPool(r -> {
                        Thread t = new Thread(r, "step");
                        t.setDaemon(true);
                        return t;
                    });
                    List<Future<Attempt>> fs = new ArrayList<>();
                    for (Step s : stage) {
                        final ExecutorService p = pool;
                        fs.add(p.submit(() -> runStep(s, state, done)));
                    }
                    // Wait for every step of the stage, even when one threw, so none outlives the run.
                    RuntimeException thrown = null;
                    for (Future<Attempt> f : fs) {
                        try {
                            attempts.add(await(f));
                        } catch (RuntimeException e) {
                            if (thrown == null) thrown = e;
                        }
                    }
                    if (thrown != null) throw thrown;
                }
                Attempt bad = attempts.stream().filter(a -> a.status != StepOutcome.Status.APPLIED
                        && a.status != StepOutcome.Status.ALREADY_DONE && a.status != StepOutcome.Status.SKIPPED)
                        .findFirst().orElse(null);
                if (bad != null) {
                    boolean stopped = bad.status == StepOutcome.Status.STOPPED;
                    if (failed == null) {
                        status = stopped ? RunResult.Status.STOPPED : RunResult.Status.FAILED;
                        failed = bad.step;
                        failure = bad.failure;
                    }
                    if (!keepGoing || stopped) break;
                }
            }
        } finally {
            if (pool != null) pool.shutdownNow();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
        state.runFinished(status.name().toLowerCase(), clock.instant(), elapsed);
        try {
            journal.save(state);
        } catch (RuntimeException e) {
            if (failure == null) {
                status = RunResult.Status.FAILED;
                failure = e;
            }
        }
        listener.planFinished(plan, state, status == RunResult.Status.SUCCEEDED, elapsed);
        return new RunResult(status, done, elapsed, failed, failure);
    }

    private record Attempt(Step step, StepOutcome.Status status, Throwable failure) {}

    private static Attempt await(Future<Attempt> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        }
    }

    private Attempt runStep(Step step, RunState state, List<RunResult.Entry> done) {
        long t0 = System.nanoTime();
        Context ctx = new Context(step, state);
        listener.stepStarted(step);
        StepOutcome outcome;
        Throwable failure = null;
        try {
            Check check = step.check(ctx);
            listener.stepChecked(step, check);
            if (check.isDone()) {
                outcome = new StepOutcome(StepOutcome.Status.ALREADY_DONE, since(t0), check.text());
            } else {
                Gate.Decision d = gate.decide(step, check, ctx);
                switch (d) {
                    case SKIP -> outcome = new StepOutcome(StepOutcome.Status.SKIPPED, since(t0), "skipped: " + check.text());
                    case STOP -> outcome = new StepOutcome(StepOutcome.Status.STOPPED, since(t0), "stopped before this step");
                    default -> {
                        step.apply(ctx);
                        outcome = new StepOutcome(StepOutcome.Status.APPLIED, since(t0), check.text());
                    }
                }
            }
        } catch (Exception | LinkageError | AssertionError e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            failure = e;
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            outcome = new StepOutcome(StepOutcome.Status.FAILED, since(t0), msg);
        }
        state.recordStep(step.id(), outcome, clock.instant());
        try {
            journal.save(state);
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
                outcome = new StepOutcome(StepOutcome.Status.FAILED, since(t0), e.getMessage());
            }
        }
        done.add(new RunResult.Entry(step, outcome));
        listener.stepFinished(step, outcome);
        return new Attempt(step, outcome.status(), failure);
    }

    private static Duration since(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /** The context handed to one step. */
    private final class Context implements RunContext {
        private final Step step;
        private final RunState state;

        Context(Step step, RunState state) {
            this.step = step;
            this.state = state;
        }

        @Override
        public RunState state() {
            return state;
        }

        @Override
        public void note(String text) {
            listener.stepNote(step, text);
        }

        @Override
        public void checkpoint() {
            journal.save(state);
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
