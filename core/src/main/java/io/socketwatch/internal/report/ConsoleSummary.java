package io.socketwatch.internal.report;

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

    /** Returns the summary's lines; {@code report} is the report's path, or {@code null} when none was written. */
    static List<String> lines(List<ReportedTest> tests, Path report) {
        List<String> lines = new ArrayList<>();
        lines.add("socketwatch: " + BuildTotals.of(tests).sentence());
        List<FailureGroups.Group> groups = FailureGroups.of(tests);
        int room = MAX_LINES - 1 - (report != null ? 1 : 0);
        int shown = groups.size() <= room ? groups.size() : room - 1;
        for (FailureGroups.Group group : groups.subList(0, shown)) {
            lines.add("  " + BuildTotals.plural(group.tests().size(), "test") + ": expected to " + group.check()
                    + ", opened at " + group.site());
        }
        if (shown < groups.size()) {
            lines.add("  ... and " + (groups.size() - shown) + " more causes, in the report");
        }
        if (report != null) {
            lines.add("socketwatch report: " + report.toAbsolutePath());
        }
        return lines;
    }
}
