package io.kopsauth.ui;

import io.kopsauth.workflow.Action;
import io.kopsauth.workflow.Check;
import io.kopsauth.workflow.Plan;
import io.kopsauth.workflow.RunListener;
import io.kopsauth.workflow.RunState;
import io.kopsauth.workflow.Step;
import io.kopsauth.workflow.StepOutcome;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Shows a plan run as one line per step with its status and elapsed time. On a terminal the running steps
 * share a live spinner line; otherwise progress notes are printed as plain lines, each distinct note once.
 */
public final class StepProgress implements RunListener {
    private static final String[] FRAMES = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};
    private final Console console;
    private final boolean live;
    private final boolean preview;
    private final Map<Step, Running> running = new LinkedHashMap<>();
    private ScheduledExecutorService ticker;
    private int frame;
    private int lastWidth;

    private static final class Running {
        final long startNanos = System.nanoTime();
        String note;
        String lastPrintedNote;
    }

    /** {@code live}: redraw a spinner line (only sensible on a terminal). */
    public StepProgress(Console console, boolean live) {
        this(console, live, false);
    }

    private StepProgress(Console console, boolean live, boolean preview) {
        this.console = console;
        this.live = live;
        this.preview = preview;
    }

    /** The same view for a dry run: a step that would change something says so instead of a tick. */
    public StepProgress preview() {
        return new StepProgress(console, live, true);
    }

    /** "0.4s", "12.3s", "2m05s". */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 60_000) return String.format("%.1fs", ms / 1000.0);
        return String.format("%dm%02ds", ms / 60_000, (ms / 1000) % 60);
    }

    @Override
    public synchronized void planStarted(Plan plan, RunState state) {
        if (live && ticker == null) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "spinner");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::redraw, 100, 100, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void stepStarted(Step step) {
        running.put(step, new Running());
        if (live) redraw();
    }

    @Override
    public void stepChecked(Step step, Check check) {
    }

    @Override
    public synchronized void stepNote(Step step, String text) {
        Running r = running.get(step);
        if (r == null) return;
        r.note = text;
        if (!live) {
            // Print a note once per distinct text, ignoring a trailing "(12s)" counter.
            String key = text.replaceAll("\\s*\\(\\d+s\\)$", "");
            if (!key.equals(r.lastPrintedNote)) {
                r.lastPrintedNote = key;
                console.println("  … " + step.title() + ": " + key);
            }
        }
    }

    @Override
    public synchronized void action(Action action) {
        clearLine();
        console.println("    would " + verb(action) + action.text());
        if (action.detail() != null && !action.detail().isBlank()) {
            for (String line : action.detail().strip().split("\n")) console.println("      | " + line);
        }
    }

    private static String verb(Action a) {
        return switch (a.kind()) {
            case COMMAND -> "run: ";
            case AWS -> "call: ";
            case FILE -> "change: ";
            case KUBERNETES -> "apply: ";
            case NOTE -> "";
        };
    }

    @Override
    public synchronized void stepFinished(Step step, StepOutcome outcome) {
        running.remove(step);
        clearLine();
        String time = format(outcome.elapsed());
        String msg = outcome.message() == null ? "" : outcome.message();
        switch (outcome.status()) {
            case APPLIED -> {
                if (preview) console.println(console.style("cyan", "•") + " " + step.title() + "  " + console.style("faint", time + "  (dry run)"));
                else console.ok(step.title() + "  " + console.style("faint", time));
            }
            case ALREADY_DONE -> console.ok(step.title() + "  " + console.style("faint", time + "  already done: " + msg));
            case SKIPPED -> console.println(console.style("yellow", "-") + " " + step.title() + "  skipped");
            case STOPPED -> console.println(console.style("yellow", "■") + " " + step.title() + "  stopped");
            case FAILED -> console.println(console.style("red", "✖") + " " + step.title() + "  " + time + "  failed: " + firstLine(msg));
        }
        if (live) redraw();
    }

    @Override
    public synchronized void planFinished(Plan plan, RunState state, boolean ok, Duration elapsed) {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
        clearLine();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private synchronized void redraw() {
        if (!live || running.isEmpty()) return;
        frame = (frame + 1) % FRAMES.length;
        StringBuilder sb = new StringBuilder(FRAMES[frame]).append(' ');
        boolean first = true;
        for (Map.Entry<Step, Running> e : running.entrySet()) {
            if (!first) sb.append("  |  ");
            first = false;
            sb.append(e.getKey().title());
            Running r = e.getValue();
            if (r.note != null) sb.append(" — ").append(r.note);
            else sb.append(" (").append(format(Duration.ofNanos(System.nanoTime() - r.startNanos))).append(')');
        }
        String line = sb.toString();
        int pad = Math.max(0, lastWidth - line.length());
        console.out().print("\r" + line + " ".repeat(pad));
        console.out().flush();
        lastWidth = line.length();
    }

    private void clearLine() {
        if (!live || lastWidth == 0) return;
        console.out().print("\r" + " ".repeat(lastWidth) + "\r");
        console.out().flush();
        lastWidth = 0;
    }
}
