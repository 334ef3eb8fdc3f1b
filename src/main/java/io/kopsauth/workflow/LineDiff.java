package io.kopsauth.workflow;

import java.util.ArrayList;
import java.util.List;

/** A line diff of two texts ("- old", "+ new", "  same"), for previews and "the trust policy differs" errors. */
public final class LineDiff {
    private LineDiff() {}

    /** Every line of both texts, marked; unchanged lines are kept for context. */
    public static String of(String before, String after) {
        return String.join("\n", diff(before, after)) + "\n";
    }

    /** Only the changed lines ("- old", "+ new"): for files whose other lines are none of our business. */
    public static String changes(String before, String after) {
        return String.join("\n", diff(before, after).stream().filter(l -> !l.startsWith("  ")).toList()) + "\n";
    }

    private static List<String> diff(String before, String after) {
        List<String> a = before.lines().toList();
        List<String> b = after.lines().toList();
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                out.add("  " + a.get(i++));
                j++;
            } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
                out.add("+ " + b.get(j++));
            } else {
                out.add("- " + a.get(i++));
            }
        }
        return out;
    }
}
