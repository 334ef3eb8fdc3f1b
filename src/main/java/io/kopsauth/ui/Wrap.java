package io.kopsauth.ui;

import java.util.ArrayList;
import java.util.List;

/**
 * Fits text to a terminal width: prose is word-wrapped with a hanging indent; a shell command is folded at word
 * boundaries with {@code \} continuations, so what is printed can still be pasted into a shell; documents (YAML,
 * JSON) are never wrapped, since a re-flowed document means something else.
 */
public final class Wrap {
    private Wrap() {}

    /** Word-wraps one paragraph (its own line breaks become spaces) to {@code width}, each line prefixed by {@code indent}. */
    public static List<String> paragraph(String text, int width, String indent) {
        List<String> out = new ArrayList<>();
        int room = Math.max(10, width - indent.length());
        StringBuilder line = new StringBuilder();
        for (String word : text.trim().split("\\s+")) {
            if (word.isEmpty()) continue;
            if (line.length() > 0 && line.length() + 1 + word.length() > room) {
                out.add(indent + line);
                line.setLength(0);
            }
            if (line.length() > 0) line.append(' ');
            line.append(word);
        }
        if (line.length() > 0) out.add(indent + line);
        return out;
    }

    /**
     * Word-wraps prose made of paragraphs separated by blank lines; lines starting with {@code "$ "} are commands
     * and folded by {@link #command}; lines starting with {@code "- "} are list items with a hanging indent.
     */
    public static List<String> prose(String text, int width, String indent) {
        List<String> out = new ArrayList<>();
        StringBuilder para = new StringBuilder();
        String paraIndent = indent;
        String hanging = indent;
        for (String raw : (text + "\n").split("\n", -1)) {
            String line = raw.strip();
            boolean item = line.startsWith("- ") || line.startsWith("* ");
            if (line.isEmpty() || line.startsWith("$ ") || item) {
                flush(out, para, width, paraIndent, hanging);
                if (line.startsWith("$ ")) {
                    out.addAll(command(line.substring(2), width, indent + "$ ", indent + "    "));
                } else if (item) {
                    para.append(line.substring(2));
                    paraIndent = indent + "- ";
                    hanging = indent + "  ";
                    continue;
                } else if (!out.isEmpty() && !out.get(out.size() - 1).isEmpty()) {
                    out.add("");
                }
                paraIndent = indent;
                hanging = indent;
                continue;
            }
            if (para.length() > 0) para.append(' ');
            para.append(line);
        }
        flush(out, para, width, paraIndent, hanging);
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) out.remove(out.size() - 1);
        return out;
    }

    private static void flush(List<String> out, StringBuilder para, int width, String first, String hanging) {
        if (para.length() == 0) return;
        List<String> lines = paragraph(para.toString(), width - (first.length() - hanging.length()), hanging);
        if (!lines.isEmpty()) lines.set(0, first + lines.get(0).substring(hanging.length()));
        out.addAll(lines);
        para.setLength(0);
    }

    /**
     * Folds a command line at spaces outside quotes: the first line starts with {@code first}, the others with
     * {@code rest}, and every line but the last ends with {@code " \"}. A single word longer than the width is
     * left whole (breaking it would change the command).
     */
    public static List<String> command(String line, int width, String first, String rest) {
        List<String> words = words(line);
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder(first);
        boolean empty = true;
        for (String w : words) {
            if (!empty && cur.length() + 1 + w.length() + 2 > width) {
                out.add(cur + " \\");
                cur = new StringBuilder(rest);
                empty = true;
            }
            if (!empty) cur.append(' ');
            cur.append(w);
            empty = false;
        }
        out.add(cur.toString());
        return out;
    }

    /** Splits at spaces that are not inside single or double quotes. */
    static List<String> words(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                cur.append(c);
            } else if (c == '\'' || c == '"') {
                quote = c;
                cur.append(c);
            } else if (c == ' ') {
                if (cur.length() > 0) out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (cur.length() > 0) out.add(cur.toString());
        return out;
    }
}
