package io.socketwatch.internal.report;

import java.util.List;

/**
 * One watched test as a report file holds it: times are milliseconds from the start of the test's recording.
 *
 * @param connectionsNotListed connections beyond the first {@link ReportEntries#MAX_CONNECTIONS}, and those the
 *                             recording itself only counted; counted in {@code totals}' opened connections only if
 *                             the recording listed them
 * @param durationMs           from the start of the recording until its connections' states were taken
 */
record ReportedTest(String className, String methodName, String displayName, String outcome, double durationMs,
                    Totals totals, List<Connection> connections, long connectionsNotListed, List<Resource> resources,
                    List<Verdict> verdicts, List<String> notes) {

    ReportedTest {
        connections = List.copyOf(connections);
        resources = List.copyOf(resources);
        verdicts = List.copyOf(verdicts);
        notes = List.copyOf(notes);
    }

    /** Whether the test failed. */
    boolean failed() {
        return outcome.equals("FAILED");
    }

    /**
     * The test's counts, over all its connections, listed or not: client connections it opened, client connections that
     * carried more than one exchange, and connections it opened left in TIME_WAIT.
     */
    record Totals(long opened, long reused, long timeWait) {
    }

    /**
     * One connection end of this JVM.
     *
     * @param closedMs   when this JVM closed it, or a negative number while open
     * @param closedFirst {@code THIS_JVM}, {@code PEER} or {@code NEITHER}
     * @param state      its OS state when the test's checks looked, {@code durationMs} after the start
     * @param site       where it was opened, as a stack frame prints
     * @param location   the same as {@code File.java:line}
     */
    record Connection(String local, String remote, String side, String origin, double openedMs, double closedMs,
                      long exchanges, String closedFirst, String state, boolean droppedWithoutClose, String site,
                      String location) {

        boolean isClosed() {
            return closedMs >= 0;
        }

        /** The endpoint the connection serves: the remote end of a client connection, the local end of a server's. */
        String endpoint() {
            return side.equals("client") ? remote : local;
        }
    }

    /** A client library's resource: an OkHttp call, a JDBC connection, an Apache HttpClient lease. */
    record Resource(String kind, String target, String site, double acquiredMs, boolean released) {
    }

    /**
     * A failed check: what it expected, where the first connection it names was opened ({@code File.java:line}), the
     * whole message, whether the baseline knows it (then it did not fail the test), and whether the look at the end
     * of the test's class or of the run found it later (then it failed the class or the run, not the test).
     */
    record Verdict(String check, String site, String message, boolean known, boolean later) {

        Verdict(String check, String site, String message, boolean known) {
            this(check, site, message, known, false);
        }

        /** What failures with one cause share: the check, the opening site and whether the baseline knows them. */
        String cause() {
            return check + " at " + site + (known ? " (known)" : "");
        }
    }
}
