package io.socketwatch.audit;

import java.util.List;

/** Test helper: the settings a report flags. */
final class Findings {

    private Findings() {
    }

    static List<String> settings(ClientAuditReport report) {
        return report.findings().stream().map(Finding::setting).toList();
    }

    static Finding only(ClientAuditReport report, String setting) {
        List<Finding> found = report.findings().stream().filter(f -> f.setting().equals(setting)).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one finding for " + setting + " in\n" + report);
        }
        return found.get(0);
    }
}
