package io.socketwatch.internal.report;

import io.socketwatch.report.KnownFailure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The end-of-run summary: at most {@value #MAX_LINES} lines, the build's totals, the failures grouped by cause, the
 * causes with the most tests first, and where the report is.
 */
final class ConsoleSummary {

    static final int MAX_LINES = 10;

    private ConsoleSummary() {
    }

    /**
     * Returns the summary's lines: new failures' causes, then known ones', then the baseline's entries that no longer
     * fail; {@code report} is the report's path, or {@code null} when none was written.
     */
    static List<String> lines(List<ReportedTest> tests, List<KnownFailure> fixed, Path report) {
        List<String> lines = new ArrayList<>();
        lines.add("socketwatch: " + BuildTotals.of(tests).sentence());
        List<String> details = new ArrayList<>();
        for (FailureGroups.Group group : FailureGroups.of(tests)) {
            details.add("  " + BuildTotals.plural(group.tests().size(), "test") + ": expected to " + group.check()
                    + ", opened at " + group.site() + (group.known() ? " (known: in the baseline)" : ""));
        }
        fixed.forEach(entry -> details.add("  fixed, remove from the baseline: " + entry));
        int room = MAX_LINES - 1 - (report != null ? 1 : 0);
        int shown = details.size() <= room ? details.size() : room - 1;
        lines.addAll(details.subList(0, shown));
        if (shown < details.size()) {
            lines.add("  ... and " + (details.size() - shown) + " more, in the report");
        }
        if (report != null) {
            lines.add("socketwatch report: " + report.toAbsolutePath());
        }
        return lines;
    }
}
