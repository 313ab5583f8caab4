package io.socketwatch;

import static io.socketwatch.error.ShouldHaveNoFindingAtOrAbove.shouldHaveNoFindingAtOrAbove;

import io.socketwatch.audit.ClientAuditReport;
import io.socketwatch.audit.Finding;
import io.socketwatch.audit.Severity;
import java.util.List;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link ClientAuditReport}. Not final, so that soft assertions can proxy it.
 */
public class ClientAuditAssert extends AbstractAssert<ClientAuditAssert, ClientAuditReport> {

    public ClientAuditAssert(ClientAuditReport actual) {
        super(actual, ClientAuditAssert.class);
    }

    /**
     * Verifies that the audit has no finding of {@code severity} or worse.
     *
     * <p>Passes: an OkHttp client with a call timeout and a 30 s keep-alive, at {@code WARNING}. Fails: the same
     * client with a pool of no idle connections, at {@code WARNING} or {@code CRITICAL}.
     */
    public ClientAuditAssert hasNoFindingAtOrAbove(Severity severity) {
        Objects.requireNonNull(severity, "severity");
        isNotNull();
        List<Finding> found = actual.findingsAtOrAbove(severity);
        if (!found.isEmpty()) {
            throw assertionError(shouldHaveNoFindingAtOrAbove(severity, found));
        }
        return myself;
    }

    /**
     * Verifies that the audit has no finding at all.
     *
     * <p>Passes: a report with no findings. Fails: a report with one INFO finding.
     */
    public ClientAuditAssert hasNoFindings() {
        return hasNoFindingAtOrAbove(Severity.INFO);
    }
}
