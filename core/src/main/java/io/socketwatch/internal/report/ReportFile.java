package io.socketwatch.internal.report;

import io.socketwatch.report.KnownFailure;
import java.util.List;

/**
 * What one test JVM wrote: its watched tests, in the order they finished.
 *
 * @param runId          unique to the JVM's run; also in the file's name
 * @param finishedAt     when the run ended, ISO-8601
 * @param ephemeralPorts the local ports the kernel had for outgoing connections, or 0 if unknown
 * @param fixed          known failures of the baseline whose test ran in this JVM and no longer failed with them
 */
record ReportFile(String runId, String finishedAt, int ephemeralPorts, List<ReportedTest> tests,
                  List<KnownFailure> fixed) {

    ReportFile {
        tests = List.copyOf(tests);
        fixed = List.copyOf(fixed);
    }
}
