package io.socketwatch.internal.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per endpoint, over the listed connections of every test: client connections opened in tests, the exchanges they
 * carried, the TIME_WAIT left on either end, and how many of those sit on the client's end, each holding an ephemeral
 * port for 60 s.
 */
record EndpointStats(String endpoint, long opened, long exchanges, long timeWait, long clientTimeWait) {

    /** Exchanges per connection opened: 1.0 is a connection per request. */
    double reuseRatio() {
        return opened == 0 ? 0 : (double) exchanges / opened;
    }

    static List<EndpointStats> of(List<ReportedTest> tests) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        for (ReportedTest test : tests) {
            for (ReportedTest.Connection c : test.connections()) {
                if (c.origin().equals("BASELINE")) {
                    continue;
                }
                long[] count = counts.computeIfAbsent(c.endpoint(), endpoint -> new long[4]);
                boolean client = c.side().equals("client");
                if (client && !c.origin().equals("UNTRACKED")) {
                    count[0]++;
                    count[1] += c.exchanges();
                }
                if (c.state().equals("TIME_WAIT")) {
                    count[2]++;
                    count[3] += client ? 1 : 0;
                }
            }
        }
        List<EndpointStats> stats = new ArrayList<>();
        counts.forEach((endpoint, c) -> stats.add(new EndpointStats(endpoint, c[0], c[1], c[2], c[3])));
        stats.sort(Comparator.comparingLong((EndpointStats s) -> -s.timeWait()).thenComparingLong(s -> -s.opened()));
        return stats;
    }
}
