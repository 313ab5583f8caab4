package io.socketwatch.internal.report;

import io.socketwatch.report.KnownFailure;
import java.nio.file.Path;
import java.util.List;

/**
 * The summary as Markdown, for a CI job's summary page (GitHub's {@code GITHUB_STEP_SUMMARY}): the totals, a table of
 * the failures by cause, at most {@value #MAX_ROWS} rows, the fixed baseline entries and the report's path. A few
 * kilobytes at most, far below the 1 MiB GitHub takes per step.
 */
final class MarkdownSummary {

    static final int MAX_ROWS = 20;

    private MarkdownSummary() {
    }

    static String of(List<ReportedTest> tests, List<KnownFailure> fixed, Path report) {
        StringBuilder md = new StringBuilder("### socketwatch\n\n").append(BuildTotals.of(tests).sentence())
                .append(".\n");
        List<FailureGroups.Group> groups = FailureGroups.of(tests);
        if (!groups.isEmpty()) {
            md.append("\n| tests | expected to | opened at |\n|---:|---|---|\n");
            for (FailureGroups.Group group : groups.subList(0, Math.min(MAX_ROWS, groups.size()))) {
                md.append("| ").append(group.tests().size()).append(" | ").append(cell(group.check()))
                        .append(group.known() ? " (known: in the baseline)" : "").append(" | ")
                        .append(cell(group.site())).append(" |\n");
            }
            if (groups.size() > MAX_ROWS) {
                md.append("\n... and ").append(groups.size() - MAX_ROWS).append(" more causes, in the report.\n");
            }
        }
        for (int i = 0; i < fixed.size() && i < MAX_ROWS; i++) {
            md.append(i == 0 ? "\nFixed, remove from the baseline:\n\n" : "").append("- ")
                    .append(cell(fixed.get(i).toString())).append('\n');
        }
        if (report != null) {
            md.append("\nReport: ").append(cell(report.toAbsolutePath().toString())).append('\n');
        }
        return md.toString();
    }

    /** Text for a table cell or list item: no line breaks, pipes and Markdown's markup characters escaped. */
    private static String cell(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                out.append(' ');
            } else {
                if ("\\`*_[]<>|#".indexOf(c) >= 0) {
                    out.append('\\');
                }
                out.append(c);
            }
        }
        return out.toString();
    }
}
