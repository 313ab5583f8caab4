package io.socketwatch.internal.report;

import io.socketwatch.internal.clientaudit.EphemeralPorts;
import io.socketwatch.report.KnownFailure;
import io.socketwatch.report.WatchedTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** What {@link io.socketwatch.SocketWatchReport} does: report files, the HTML, the summary, baselines. */
public final class BuildReports {

    private static final Path PORT_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    private BuildReports() {
    }

    /**
     * Writes {@code tests} and {@code fixed} as {@code dir/socketwatch-<runId>.json} and rebuilds
     * {@code dir/index.html} from every report file there; returns the HTML's path.
     *
     * @throws IOException when a file cannot be written, or another report file of {@code dir} is malformed (the
     *                     message names it, the line and the column)
     */
    public static Path write(Path dir, String runId, List<WatchedTest> tests, List<KnownFailure> fixed)
            throws IOException {
        ReportDirectory reports = new ReportDirectory(dir);
        reports.write(new ReportFile(runId, Instant.now().toString(), EphemeralPorts.count(PORT_RANGE),
                tests.stream().map(ReportEntries::of).toList(), fixed));
        try {
            return reports.writeHtml(reports.read());
        } catch (MalformedReportException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Returns the end-of-run summary, at most ten lines; {@code report} may be {@code null}. */
    public static List<String> summary(List<WatchedTest> tests, List<KnownFailure> fixed, Path report) {
        return ConsoleSummary.lines(tests.stream().map(ReportEntries::of).toList(), fixed, report);
    }

    /** Returns the summary as Markdown for a CI job's summary page; {@code report} may be {@code null}. */
    public static String markdownSummary(List<WatchedTest> tests, List<KnownFailure> fixed, Path report) {
        return MarkdownSummary.of(tests.stream().map(ReportEntries::of).toList(), fixed, report);
    }

    /**
     * Reads a baseline file.
     *
     * @throws IllegalArgumentException when it is malformed, naming the file and what is wrong, with the line and
     *                                  column of a syntax error
     */
    public static List<KnownFailure> readBaseline(Path file) throws IOException {
        try {
            return Baselines.read(Files.readString(file, StandardCharsets.UTF_8));
        } catch (MalformedReportException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Returns the known failure that the failure {@code message} of {@code className.methodName} is. */
    public static KnownFailure knownFailure(String className, String methodName, String message) {
        return Baselines.of(className, methodName, message);
    }
}
