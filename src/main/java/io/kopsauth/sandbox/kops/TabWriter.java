package io.kopsauth.sandbox.kops;

import java.util.ArrayList;
import java.util.List;

/** Go's text/tabwriter as kops uses it for tables: padding with TABs (tab width 8, padding 1, min width 0). */
public final class TabWriter {
    private TabWriter() {}

    public static String format(List<List<String>> rows) {
        int cols = 0;
        for (List<String> r : rows) cols = Math.max(cols, r.size());
        List<Integer> widths = new ArrayList<>();
        for (int c = 0; c < cols - 1; c++) {
            int w = 0;
            for (List<String> r : rows) if (c < r.size() - 1) w = Math.max(w, r.get(c).length());
            int cell = w + 1;
            widths.add(((cell + 7) / 8) * 8);
        }
        StringBuilder sb = new StringBuilder();
        for (List<String> r : rows) {
            for (int c = 0; c < r.size(); c++) {
                String cell = r.get(c);
                sb.append(cell);
                if (c < r.size() - 1) {
                    int tabs = Math.max(1, (widths.get(c) - cell.length() + 7) / 8);
                    sb.append("\t".repeat(tabs));
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
