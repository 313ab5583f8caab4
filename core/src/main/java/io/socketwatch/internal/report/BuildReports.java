package io.socketwatch.internal.report;

import io.socketwatch.internal.clientaudit.EphemeralPorts;
import io.socketwatch.report.WatchedTest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** What {@link io.socketwatch.SocketWatchReport} does: writes a JVM's report file, rebuilds the HTML, summarises. */
public final class BuildReports {

    private static final Path PORT_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    private BuildReports() {
    }

    /**
     * Writes {@code tests} as {@code dir/socketwatch-<runId>.json} and rebuilds {@code dir/index.html} from every
     * report file there; returns the HTML's path.
     *
     * @throws IOException when a file cannot be written, or another report file of {@code dir} is malformed (the
     *                     message names it, the line and the column)
     */
    public static Path write(Path dir, String runId, List<WatchedTest> tests) throws IOException {
        ReportDirectory reports = new ReportDirectory(dir);
        reports.write(new ReportFile(runId, Instant.now().toString(), EphemeralPorts.count(PORT_RANGE),
                tests.stream().map(ReportEntries::of).toList()));
        try {
            return reports.writeHtml(reports.read());
        } catch (MalformedReportException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Returns the end-of-run summary of {@code tests}, at most ten lines; {@code report} may be {@code null}. */
    public static List<String> summary(List<WatchedTest> tests, Path report) {
        return ConsoleSummary.lines(tests.stream().map(ReportEntries::of).toList(), report);
    }
}
