package io.socketwatch.internal.report;

import java.util.List;

/** A build's counts over its watched tests: what the console summary's first line and the report's header say. */
record BuildTotals(long tests, long failed, long opened, long reused, long timeWait) {

    static BuildTotals of(List<ReportedTest> tests) {
        long failed = 0;
        long opened = 0;
        long reused = 0;
        long timeWait = 0;
        for (ReportedTest test : tests) {
            failed += test.failed() ? 1 : 0;
            opened += test.totals().opened();
            reused += test.totals().reused();
            timeWait += test.totals().timeWait();
        }
        return new BuildTotals(tests.size(), failed, opened, reused, timeWait);
    }

    /** {@code 12 tests watched, 3 failed; 40 connections opened, 7 reused, 30 left in TIME_WAIT}. */
    String sentence() {
        return plural(tests, "test") + " watched, " + failed + " failed; " + plural(opened, "connection")
                + " opened, " + reused + " reused, " + timeWait + " left in TIME_WAIT";
    }

    static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
