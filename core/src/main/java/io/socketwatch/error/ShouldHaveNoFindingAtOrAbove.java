package io.socketwatch.error;

import io.socketwatch.audit.Finding;
import io.socketwatch.audit.Severity;
import java.util.List;
import org.assertj.core.error.BasicErrorMessageFactory;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * A client audit found something at or above a severity.
 */
public final class ShouldHaveNoFindingAtOrAbove extends BasicErrorMessageFactory {

    private ShouldHaveNoFindingAtOrAbove(String message) {
        super(message); // no arguments: AssertJ does not format it, so % needs no escaping
    }

    /** Creates the message listing {@code findings}, those of {@code severity} or worse. */
    public static ErrorMessageFactory shouldHaveNoFindingAtOrAbove(Severity severity, List<Finding> findings) {
        StringBuilder message = new StringBuilder("\nExpecting client audit to have no finding at or above ")
                .append(severity).append(", but it has ").append(findings.size())
                .append(findings.size() == 1 ? " finding" : " findings").append(":\n");
        for (Finding finding : findings) {
            message.append("  ").append(finding).append("\n    why: ").append(finding.why())
                    .append("\n    fix: ").append(finding.fix()).append('\n');
        }
        return new ShouldHaveNoFindingAtOrAbove(message.append("Print the report for its notes on what was not audited.")
                .toString());
    }
}
