package io.kopsauth.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WrapTest {

    @Test
    void proseIsWrappedToTheWidthWithItsIndentAndKeepsEveryWord() {
        String text = "kops keeps the desired state of every cluster in an S3 bucket, the state store, and this step creates it.";
        List<String> lines = Wrap.paragraph(text, 30, "  ");

        assertThat(lines).allSatisfy(l -> assertThat(l).startsWith("  ").hasSizeLessThanOrEqualTo(30));
        assertThat(lines).hasSizeGreaterThan(3);
        assertThat(String.join(" ", lines.stream().map(String::trim).toList())).isEqualTo(text);
    }

    @Test
    void aWordLongerThanTheWidthIsKeptWhole() {
        assertThat(Wrap.paragraph("see s3://a-very-long-bucket-name-that-does-not-fit/anywhere now", 20, ""))
                .containsExactly("see", "s3://a-very-long-bucket-name-that-does-not-fit/anywhere", "now");
    }

    @Test
    void commandsFoldWithContinuationsOutsideQuotesAndJoinBackToTheSameCommand() {
        String cmd = "aws s3api put-bucket-tagging --bucket demo.k8s.local --tagging 'TagSet=[{Key=a b,Value=c}]' --region us-west-1";
        List<String> lines = Wrap.command(cmd, 40, "$ ", "    ");

        assertThat(lines.get(0)).startsWith("$ aws");
        assertThat(lines.subList(0, lines.size() - 1)).allSatisfy(l -> assertThat(l).endsWith(" \\"));
        assertThat(lines).filteredOn(l -> !l.contains("TagSet")).allSatisfy(l -> assertThat(l).hasSizeLessThanOrEqualTo(40));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("'TagSet=[{Key=a b,Value=c}]'"));
        String joined = String.join("\n", lines).replaceAll(" \\\\\n\\s+", " ").substring(2);
        assertThat(joined).isEqualTo(cmd);
    }

    @Test
    void proseKeepsParagraphsListItemsAndCommandLines() {
        List<String> lines = Wrap.prose("First paragraph\nwith two lines.\n\n- an item that is long enough to wrap here\n$ kubectl get nodes", 30, "  ");

        assertThat(lines).containsExactly("  First paragraph with two", "  lines.", "", "  - an item that is long",
                "    enough to wrap here", "  $ kubectl get nodes");
    }

    @Test
    void theWidthComesFromColumnsWithinSaneBoundsElseDefaults() {
        assertThat(TerminalWidth.of(Map.of("COLUMNS", "120"), null, false)).isEqualTo(120);
        assertThat(TerminalWidth.of(Map.of("COLUMNS", "10"), null, false)).isEqualTo(40);
        assertThat(TerminalWidth.of(Map.of("COLUMNS", "wide"), null, false)).isEqualTo(TerminalWidth.DEFAULT);
        assertThat(TerminalWidth.of(Map.of(), null, false)).isEqualTo(TerminalWidth.DEFAULT);
    }
}
