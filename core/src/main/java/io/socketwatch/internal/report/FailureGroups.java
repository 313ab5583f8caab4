package io.socketwatch.internal.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Failures grouped by cause (check and opening site), the causes with the most tests first. */
final class FailureGroups {

    private FailureGroups() {
    }

    /**
     * One cause and the tests that failed with it.
     *
     * @param example the message of the first test that failed with it
     */
    record Group(String check, String site, boolean known, boolean later, List<ReportedTest> tests, String example) {
    }

    static List<Group> of(List<ReportedTest> tests) {
        Map<String, ReportedTest.Verdict> first = new LinkedHashMap<>();
        Map<String, Set<ReportedTest>> byCause = new LinkedHashMap<>();
        for (ReportedTest test : tests) {
            for (ReportedTest.Verdict verdict : test.verdicts()) {
                first.putIfAbsent(verdict.cause(), verdict);
                byCause.computeIfAbsent(verdict.cause(), cause -> new LinkedHashSet<>()).add(test);
            }
        }
        List<Group> groups = new ArrayList<>();
        byCause.forEach((cause, failed) -> {
            ReportedTest.Verdict verdict = first.get(cause);
            groups.add(new Group(verdict.check(), verdict.site(), verdict.known(), verdict.later(), List.copyOf(failed),
                    verdict.message()));
        });
        // new failures first, then those the baseline knows; the causes with the most tests first in each
        groups.sort(Comparator.comparing(Group::known).thenComparingInt(group -> -group.tests().size()));
        return groups;
    }
}
