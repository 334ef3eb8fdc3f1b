package io.kopsauth.tutorial;

import io.kopsauth.ui.Console;
import io.kopsauth.ui.Wrap;
import io.kopsauth.workflow.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the tutorial lays text out on the terminal: headings, wrapped prose, manual commands that can be pasted into
 * a shell, previews with their documents; wrapped to the terminal width, styled only when the console has colour.
 */
final class Page {
    /** Lines of a document shown before "? shows all". */
    static final int SHORT_DOCUMENT = 24;
    private static final Pattern FILE_ARG = Pattern.compile("file://([A-Za-z0-9._/-]+)");
    private final Console console;
    private final int width;

    Page(Console console, int width) {
        this.console = console;
        this.width = width;
    }

    int width() {
        return width;
    }

    void line(String s) {
        console.println(s);
    }

    void blank() {
        console.println("");
    }

    String style(String style, String text) {
        return console.style(style, text);
    }

    /** "── Step 3 of 10 · Create the S3 state bucket ───────". */
    void stepHeading(int n, int of, String title) {
        String text = "── Step " + n + " of " + of + " · " + title + " ";
        blank();
        if (text.length() + 3 > width) {
            for (String l : Wrap.paragraph(text, width, "")) line(style("bold", l));
        } else {
            line(style("bold", text + "─".repeat(width - text.length())));
        }
    }

    void heading(String text) {
        blank();
        String indent = text.substring(0, text.length() - text.stripLeading().length());
        for (String l : Wrap.paragraph(text, width, indent)) line(style("bold", l));
    }

    void prose(String text, String indent) {
        for (String l : Wrap.prose(text, width, indent)) line(l.startsWith(indent + "$ ") ? style("cyan", l) : l);
    }

    /** Lines of a document, indented and never wrapped; long ones are cut unless {@code full}. */
    void document(String doc, boolean full) {
        List<String> lines = doc.stripTrailing().replaceFirst("^(\\s*\n)+", "").lines().toList();
        int shown = full ? lines.size() : Math.min(lines.size(), SHORT_DOCUMENT);
        for (int i = 0; i < shown; i++) line("      " + style("faint", "│") + " " + lines.get(i));
        if (shown < lines.size()) line("      " + style("faint", "… " + (lines.size() - shown) + " more lines (? shows all)"));
    }

    private void command(String cmd) {
        for (String l : Wrap.command(cmd, width, "    $ ", "        ")) line(style("cyan", l));
    }

    /** The manual equivalent of the actions: commands as a person would type them, heredocs for their input. */
    void manual(List<Action> actions, boolean full) {
        for (Action a : actions) {
            switch (a.kind()) {
                case COMMAND -> {
                    if (a.detail() == null || a.detail().isBlank()) {
                        command(a.text());
                    } else {
                        command(a.text() + " <<'EOF'");
                        document(a.detail(), full);
                        line(style("cyan", "    EOF"));
                    }
                }
                case AWS -> {
                    Matcher m = FILE_ARG.matcher(a.text());
                    if (a.detail() != null && m.find()) {
                        command("cat > " + m.group(1) + " <<'EOF'");
                        document(a.detail(), full);
                        line(style("cyan", "    EOF"));
                    }
                    if (a.text().startsWith("aws ")) command(a.text());
                    else line("    # AWS API: " + a.text());
                    if (a.detail() != null && !m.find(0)) document(a.detail(), full);
                }
                case NOTE -> {
                    String[] lines = a.text().split("\n", 2);
                    if (looksLikeCommand(lines[0])) command(lines[0]);
                    else comment(lines[0]);
                    String rest = (lines.length > 1 ? lines[1] : "") + (a.detail() == null ? "" : a.detail());
                    if (!rest.isBlank()) document(rest, full);
                }
                case FILE, KUBERNETES -> {
                    comment(a.text());
                    if (a.detail() != null && !a.detail().isBlank()) document(a.detail(), full);
                }
            }
        }
    }

    private void comment(String text) {
        List<String> lines = Wrap.paragraph(text, width, "    # ");
        for (String l : lines) line(style("faint", l));
    }

    private static boolean looksLikeCommand(String s) {
        return s.matches("(export|kubectl|kops|aws|cat|echo) .*");
    }

    /** What a preview recorded: one line per action, its document below it. */
    void preview(List<Action> actions, boolean full) {
        if (actions.isEmpty()) {
            line("    nothing: the step only reads.");
            return;
        }
        for (Action a : actions) {
            String verb = switch (a.kind()) {
                case COMMAND -> "run: ";
                case AWS -> "call: ";
                case FILE -> "change: ";
                case KUBERNETES -> "apply: ";
                case NOTE -> "";
            };
            List<String> first = new ArrayList<>(Wrap.paragraph(verb + a.text(), width, "      "));
            first.set(0, "    • " + first.get(0).substring(6));
            first.forEach(this::line);
            // kops replace carries the whole spec; its diff (a note before it) is what matters.
            boolean wholeSpec = a.kind() == Action.Kind.COMMAND && a.text().startsWith("kops replace");
            if (a.detail() != null && !a.detail().isBlank() && (!wholeSpec || full)) document(a.detail(), full);
        }
    }

    void prompt(String text) {
        console.out().print(text);
        console.out().flush();
    }
}
