package io.socketwatch;

import io.socketwatch.internal.report.BuildReports;
import io.socketwatch.report.KnownFailure;
import io.socketwatch.report.WatchedTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The build report of watched tests: each test JVM writes its tests to one JSON file in a report directory, and one
 * self-contained {@code index.html} (no network access, opens from {@code file://}) shows every JSON file of the
 * directory: the build's totals, failures grouped by cause, per endpoint the reuse of connections and the TIME_WAIT
 * left, and per test a timeline of its connections. The JSON format is versioned and described in
 * {@code docs/report-format.md}. socketwatch's JUnit extension calls this at the end of each test JVM's run.
 *
 * @since 0.1
 */
public final class SocketWatchReport {

    /** Characters a run id may hold, as it becomes part of a file name. */
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private SocketWatchReport() {
    }

    /**
     * Writes {@code tests} as {@code dir/socketwatch-<runId>.json}, creating {@code dir} if need be, then rebuilds
     * {@code dir/index.html} from every {@code socketwatch-*.json} in {@code dir}. Each test keeps its first 200
     * connections in detail and counts the rest. Blocks while it writes; safe to call from several JVMs at once on
     * one directory, each with its own run id (each file is written under a temporary name and then moved).
     *
     * @param runId unique to the run: letters, digits, {@code .}, {@code _} and {@code -}
     * @param fixed the baseline's known failures whose tests ran and no longer fail with them
     * @return the path of {@code index.html}
     * @throws IOException when a file cannot be written, or another report file of {@code dir} is malformed (the
     *                     message names that file, the line and the column)
     */
    public static Path write(Path dir, String runId, List<WatchedTest> tests, List<KnownFailure> fixed)
            throws IOException {
        Objects.requireNonNull(dir, "dir");
        if (!RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("runId must be 1 to 100 letters, digits, '.', '_' or '-': " + runId);
        }
        return BuildReports.write(dir, runId, List.copyOf(tests), List.copyOf(fixed));
    }

    /**
     * Returns the end-of-run summary of {@code tests}, at most ten lines: tests watched and failed, connections opened
     * and reused, TIME_WAIT left, the failures grouped by cause (check and opening site), new ones first and the
     * causes with the most tests first, the known failures that no longer occur, and the report's path.
     *
     * @param fixed  the baseline's known failures whose tests ran and no longer fail with them
     * @param report the report's path, or {@code null} when none was written
     */
    public static List<String> summary(List<WatchedTest> tests, List<KnownFailure> fixed, Path report) {
        return BuildReports.summary(List.copyOf(tests), List.copyOf(fixed), report);
    }

    /**
     * Returns the summary as Markdown, for a CI job's summary page such as GitHub's {@code GITHUB_STEP_SUMMARY}: the
     * totals, a table of the failures by cause (at most 20 rows), the fixed baseline entries and the report's path.
     *
     * @param report the report's path, or {@code null} when none was written
     */
    public static String markdownSummary(List<WatchedTest> tests, List<KnownFailure> fixed, Path report) {
        return BuildReports.markdownSummary(List.copyOf(tests), List.copyOf(fixed), report);
    }

    /**
     * Reads a baseline file, as {@code socketwatch baseline DIR} writes it.
     *
     * @throws IOException              when the file cannot be read
     * @throws IllegalArgumentException when it is malformed: the message names the file and what is wrong, with the
     *                                  line and column of a syntax error
     */
    public static List<KnownFailure> readBaseline(Path file) throws IOException {
        return BuildReports.readBaseline(file);
    }

    /**
     * Returns the known failure that a failure of socketwatch's checks is: the test, the check its message names and
     * the first opening site in it; compare it with a baseline's entries.
     */
    public static KnownFailure knownFailure(String className, String methodName, String failureMessage) {
        return BuildReports.knownFailure(className, methodName, failureMessage);
    }
}
