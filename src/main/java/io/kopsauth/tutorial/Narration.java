package io.kopsauth.tutorial;

/**
 * What the tutorial says about one step, rendered with the run's values.
 *
 * @param intro  what the step does and why (two to five sentences)
 * @param more   more detail, shown on {@code ?}; may be empty
 * @param tryNow what to look at once the step ran (prose and {@code $ } command lines); may be empty
 */
public record Narration(String intro, String more, String tryNow) {

    /** Splits a rendered narration file at its {@code ## More} and {@code ## Try now} headings. */
    public static Narration parse(String text) {
        StringBuilder intro = new StringBuilder();
        StringBuilder more = new StringBuilder();
        StringBuilder tryNow = new StringBuilder();
        StringBuilder cur = intro;
        for (String line : text.split("\n", -1)) {
            String h = line.strip().toLowerCase();
            if (h.startsWith("## ")) {
                String title = h.substring(3).strip();
                if (title.equals("more")) {
                    cur = more;
                    continue;
                }
                if (title.equals("try now")) {
                    cur = tryNow;
                    continue;
                }
            }
            cur.append(line).append('\n');
        }
        return new Narration(intro.toString().strip(), more.toString().strip(), tryNow.toString().strip());
    }
}
