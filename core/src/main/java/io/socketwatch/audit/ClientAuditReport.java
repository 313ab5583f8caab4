package io.socketwatch.audit;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The result of a {@link io.socketwatch.ClientAudit}: its findings, most severe first, and notes on what it could not read.
 * Immutable; {@link #toString()} renders it as text for people.
 *
 * @param findings what the audit found, most severe first (stable within a severity)
 * @param notes    what limits the audit, one sentence each, e.g. a setting it cannot read; empty if none
 */
public record ClientAuditReport(List<Finding> findings, List<String> notes) {

    public ClientAuditReport {
        findings = findings.stream().sorted(Comparator.comparing(Finding::severity).reversed()).toList();
        notes = List.copyOf(notes);
    }

    /** Returns the findings of {@code severity} or worse, most severe first. */
    public List<Finding> findingsAtOrAbove(Severity severity) {
        return findings.stream().filter(f -> f.severity().isAtLeast(severity)).toList();
    }

    /** Returns the worst severity found, or empty if there is no finding. */
    public Optional<Severity> highestSeverity() {
        return findings.stream().map(Finding::severity).findFirst();
    }

    /** Returns this report combined with {@code other}: both reports' findings and notes. */
    public ClientAuditReport and(ClientAuditReport other) {
        return new ClientAuditReport(
                java.util.stream.Stream.concat(findings.stream(), other.findings.stream()).toList(),
                java.util.stream.Stream.concat(notes.stream(), other.notes.stream()).toList());
    }

    /** Renders the report as text: a summary line, then each finding with its value, why and fix, then the notes. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("socketwatch client audit: ");
        out.append(findings.isEmpty() ? "no findings" : plural(findings.size(), "finding"));
        if (!findings.isEmpty()) {
            StringBuilder counts = new StringBuilder();
            for (int i = Severity.values().length - 1; i >= 0; i--) {
                Severity severity = Severity.values()[i];
                long count = findings.stream().filter(f -> f.severity() == severity).count();
                if (count > 0) {
                    counts.append(counts.length() == 0 ? "" : ", ").append(count).append(' ').append(severity);
                }
            }
            out.append(" (").append(counts).append(')');
        }
        out.append('\n');
        for (Finding finding : findings) {
            out.append(String.format(Locale.ROOT, "%n%-8s %s  %s = %s%n", finding.severity(), finding.client(),
                    finding.setting(), finding.value()));
            out.append("  why: ").append(finding.why()).append('\n');
            out.append("  fix: ").append(finding.fix()).append('\n');
        }
        if (!notes.isEmpty()) {
            out.append("\nnotes\n");
            notes.forEach(note -> out.append("  ").append(note).append('\n'));
        }
        return out.toString();
    }

    private static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
