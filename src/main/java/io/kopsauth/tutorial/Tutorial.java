package io.kopsauth.tutorial;

import io.kopsauth.setup.Plans;
import io.kopsauth.setup.SetupInputs;
import io.kopsauth.setup.SetupPorts;
import io.kopsauth.ui.Console;
import io.kopsauth.ui.LineInput;
import io.kopsauth.ui.StepProgress;
import io.kopsauth.workflow.Action;
import io.kopsauth.workflow.Check;
import io.kopsauth.workflow.Gate;
import io.kopsauth.workflow.Journal;
import io.kopsauth.workflow.Plan;
import io.kopsauth.workflow.PlanRunner;
import io.kopsauth.workflow.RunContext;
import io.kopsauth.workflow.RunListener;
import io.kopsauth.workflow.RunResult;
import io.kopsauth.workflow.RunState;
import io.kopsauth.workflow.Step;
import io.kopsauth.workflow.StepOutcome;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code kopsauth tutorial}: the setup plan, run by the same runner one step at a time, with a gate that explains
 * each step (what and why, the manual equivalent, a preview of what will change) and asks, and a listener that
 * shows the result and what to look at. Quitting leaves the journal as setup would, so re-running resumes.
 */
public final class Tutorial implements Gate, RunListener {
    /** Steps that only read: nothing to preview. */
    static final Set<String> READ_ONLY = Set.of("preflight", "validate");
    /** Steps no later step depends on, so skipping them is safe. */
    static final Set<String> SKIPPABLE = Set.of("validate");

    /** How the tutorial talks to the user. */
    public record Settings(boolean interactive, Duration pause, int width) {}

    private final SetupInputs in;
    private final SetupPorts ports;
    private final Previews previews;
    private final Narrations narrations;
    private final Page page;
    private final LineInput input;
    private final Settings settings;
    private final Function<String, Path> journalFile;
    private final long seed;
    private final Clock clock;
    private final PlanRunner.Sleeper sleeper;
    private final Map<Step, String> lastNote = new HashMap<>();
    private volatile boolean quit;
    private volatile RunState current;
    private Plan plan;

    /**
     * @param ports          the real ports
     * @param recordingPorts recording ports over the same reads, reporting to the given sink (for previews)
     * @param seed           seeds the random cluster name, so the preview shows the name the run will choose
     * @param journalFile    where the journal of a cluster is
     */
    public Tutorial(SetupInputs in, SetupPorts ports, Function<Consumer<Action>, SetupPorts> recordingPorts, long seed,
                    Narrations narrations, Console console, LineInput input, Settings settings,
                    Function<String, Path> journalFile, Clock clock, PlanRunner.Sleeper sleeper) {
        this.in = in;
        this.ports = ports;
        this.seed = seed;
        this.narrations = narrations;
        this.page = new Page(console, settings.width());
        this.input = input;
        this.settings = settings;
        this.journalFile = journalFile;
        this.clock = clock;
        this.sleeper = sleeper;
        this.previews = new Previews(recordingPorts, p -> Plans.setup(in, p, new Random(seed)), clock, sleeper);
    }

    /** The plan the tutorial walks through: setup's, over the real ports. */
    public Plan plan() {
        if (plan == null) plan = Plans.setup(in, ports, new Random(seed));
        return plan;
    }

    /** Runs the plan step by step against {@code state}, journaling to {@code journal}. */
    public RunResult run(Journal journal, RunState state) {
        return PlanRunner.journalingTo(journal).clock(clock).sleeper(sleeper).sequential().gate(this).listener(this)
                .run(plan(), state);
    }

    /** True if the user answered {@code q} (or closed the input) at a prompt. */
    public boolean quit() {
        return quit;
    }

    /** Ctrl-C: stop at the next step boundary (a waiting prompt ends at once). */
    public void interrupt() {
        input.interrupt();
    }

    public boolean interrupted() {
        return input.interrupted();
    }

    private Narration narration(Step step, RunState state) {
        return narrations.of(step.id(), values(state)).orElse(new Narration(step.title() + ".", "", ""));
    }

    /** The values narrations are rendered with, for this run's state. */
    public Map<String, String> values(RunState state) {
        return Narrations.values(in, state, ports::adminKubeconfig, journalFile);
    }

    // ---- Gate: explain, preview, ask.

    @Override
    public Decision decide(Step step, Check check, RunContext ctx) throws Exception {
        if (interrupted()) return Decision.STOP;
        Narration n = narration(step, ctx.state());
        page.blank();
        page.prose(n.intro(), "  ");
        List<Action> manual = step.describe(ctx);
        page.heading("  By hand, you would run:");
        page.manual(manual, false);
        List<Action> preview = preview(step, ctx.state());
        page.heading("  What will change now:");
        page.preview(preview, false);
        page.blank();
        page.prose("Why it runs: " + check.text() + ".", "  ");
        if (!settings.interactive()) {
            if (!settings.pause().isZero()) pause(settings.pause());
            return interrupted() ? Decision.STOP : Decision.GO;
        }
        boolean skippable = SKIPPABLE.contains(step.id());
        while (true) {
            page.blank();
            page.prompt(page.style("bold", "  [Enter] run" + (skippable ? "   [s] skip" : "") + "   [q] quit (resume later)   [?] more › "));
            LineInput.Answer a = input.next();
            if (a instanceof LineInput.Answer.Interrupted) {
                page.blank();
                return Decision.STOP;
            }
            if (a instanceof LineInput.Answer.End) {
                page.blank();
                quit = true;
                return Decision.STOP;
            }
            String answer = ((LineInput.Answer.Line) a).text().trim().toLowerCase();
            switch (answer) {
                case "", "y", "yes", "r", "run" -> {
                    return Decision.GO;
                }
                case "q", "quit", "n", "no" -> {
                    quit = true;
                    return Decision.STOP;
                }
                case "s", "skip" -> {
                    if (skippable) return Decision.SKIP;
                    page.prose("This step cannot be skipped: the steps after it need what it makes.", "  ");
                }
                case "?", "h", "help", "more" -> more(n, manual, preview);
                default -> page.prose("Answer with Enter (run), " + (skippable ? "s (skip), " : "") + "q (quit) or ? (more).", "  ");
            }
        }
    }

    private List<Action> preview(Step step, RunState state) {
        if (READ_ONLY.contains(step.id())) return List.of();
        try {
            return previews.of(step.id(), state);
        } catch (Exception | LinkageError e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return List.of(Action.note("(no preview: " + why.lines().findFirst().orElse(why) + ")"));
        }
    }

    private void more(Narration n, List<Action> manual, List<Action> preview) {
        if (!n.more().isEmpty()) {
            page.blank();
            page.prose(n.more(), "  ");
        }
        page.heading("  By hand, in full:");
        page.manual(manual, true);
        page.heading("  What will change, in full:");
        page.preview(preview, true);
    }

    private void pause(Duration d) throws InterruptedException {
        long until = System.nanoTime() + d.toNanos();
        while (!interrupted() && System.nanoTime() < until) {
            sleeper.sleep(Duration.ofMillis(Math.min(200, Math.max(1, (until - System.nanoTime()) / 1_000_000))));
        }
    }

    // ---- RunListener: headings, progress, results.

    @Override
    public void stepStarted(Step step) {
        List<Step> steps = plan().steps();
        page.stepHeading(steps.indexOf(step) + 1, steps.size(), step.title());
    }

    @Override
    public void stepNote(Step step, String text) {
        // Once per distinct note, ignoring a trailing "(12s)" counter.
        String key = text.replaceAll("\\s*\\(\\d+s\\)$", "");
        if (key.equals(lastNote.put(step, key))) return;
        page.line("  … " + key);
    }

    @Override
    public void stepFinished(Step step, StepOutcome outcome) {
        String time = StepProgress.format(outcome.elapsed());
        switch (outcome.status()) {
            case ALREADY_DONE -> page.line("  " + page.style("green", "✔") + " already done: " + outcome.message());
            case APPLIED -> {
                page.blank();
                page.line("  " + page.style("green", "✔") + " done in " + time);
                Narration n = narrations.of(step.id(), values(current)).orElse(null);
                if (n != null && !n.tryNow().isEmpty()) {
                    page.line("  Look now:");
                    page.prose(n.tryNow(), "  ");
                }
            }
            case SKIPPED -> page.line("  " + page.style("yellow", "-") + " skipped");
            case STOPPED -> { }
            case FAILED -> page.line("  " + page.style("red", "✖") + " failed after " + time + ": "
                    + (outcome.message() == null ? "" : outcome.message().lines().findFirst().orElse("")));
        }
    }

    @Override
    public void planStarted(Plan p, RunState state) {
        current = state;
    }

    /** The closing clean-up narration, rendered for this run. */
    public Narration cleanUp(RunState state) {
        return narrations.of(Narrations.CLEAN_UP, values(state)).orElse(new Narration("", "", ""));
    }

    /** Prints prose the way the tutorial does (wrapped, commands highlighted). */
    public void say(String text) {
        page.prose(text, "  ");
    }

    public void heading(String text) {
        page.heading(text);
    }
}
