package io.socketwatch.audit;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * What a {@link io.socketwatch.ConnectionProbe} measured: one {@link Phase} of sequential requests, one of concurrent requests, and
 * the ephemeral ports that churn would hold at a request rate. Immutable; {@link #toString()} renders it as text.
 *
 * @param client         the client probed, e.g. {@code JDK HttpClient}
 * @param uri            the URL requested
 * @param sequential     the requests sent one after another on one thread
 * @param concurrent     the requests sent from several threads at once
 * @param ephemeralPorts the ephemeral ports of this host ({@code net.ipv4.ip_local_port_range}; 28,232 if unreadable)
 */
public record ProbeReport(String client, URI uri, Phase sequential, Phase concurrent, int ephemeralPorts) {

    /** Seconds a connection closed first by the client holds its local port on Linux: {@value}. */
    public static final int TIME_WAIT_SECONDS = 60;

    public ProbeReport {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(sequential, "sequential");
        Objects.requireNonNull(concurrent, "concurrent");
        if (ephemeralPorts < 1) {
            throw new IllegalArgumentException("ephemeralPorts < 1: " + ephemeralPorts);
        }
    }

    /**
     * What one phase of the probe saw on the client's connections to the URL's host and port.
     *
     * @param requests           requests sent
     * @param threads            threads that sent them
     * @param failures           requests that threw
     * @param failureReasons     why they threw, each reason once, in the order first seen, at most
     *                           {@value #MAX_FAILURE_REASONS}; e.g. {@code connection refused to 127.0.0.1:8080}
     * @param connectionsOpened  connections the client opened in the phase
     * @param connectionsKept    connections open before the phase (kept by the client's pool) that carried an
     *                           exchange in it
     * @param connectionsUsed    connections that carried an exchange in the phase, including ones kept from before
     * @param exchanges          request/response exchanges over those connections
     * @param closedByClient     connections the client closed first (TIME_WAIT on the client)
     * @param closedByServer     connections the server closed first (TIME_WAIT on the server's host)
     * @param stillOpen          connections still open at the end of the phase
     * @param timeWaitOnClient   client connections in TIME_WAIT at the end of the phase
     */
    public record Phase(int requests, int threads, int failures, List<String> failureReasons,
                        int connectionsOpened, int connectionsKept, int connectionsUsed, long exchanges,
                        int closedByClient, int closedByServer, int stillOpen, int timeWaitOnClient) {

        /** The most distinct failure reasons a phase keeps: {@value}. */
        public static final int MAX_FAILURE_REASONS = 3;

        public Phase {
            failureReasons = List.copyOf(failureReasons);
            if (failureReasons.size() > MAX_FAILURE_REASONS) {
                throw new IllegalArgumentException("more than " + MAX_FAILURE_REASONS + " failure reasons: "
                        + failureReasons);
            }
        }

        /** Returns the requests that completed. */
        public int successes() {
            return requests - failures;
        }

        /** Returns the exchanges each used connection carried on average; 0 if none was used. */
        public double exchangesPerConnection() {
            return connectionsUsed == 0 ? 0 : (double) exchanges / connectionsUsed;
        }
    }

    /**
     * Returns the client connections left in TIME_WAIT per request that completed, over both phases; 0 if none
     * completed.
     */
    public double timeWaitPerRequest() {
        int requests = sequential.successes() + concurrent.successes();
        return requests == 0 ? 0 : (double) (sequential.timeWaitOnClient() + concurrent.timeWaitOnClient()) / requests;
    }

    /**
     * Returns the ephemeral ports the client would hold in TIME_WAIT at {@code requestsPerSecond} to this endpoint,
     * from the measured {@link #timeWaitPerRequest()} and the 60 s TIME_WAIT. A projection, not a measurement: it
     * assumes the probe's churn holds at that rate.
     */
    public long projectedTimeWaitPorts(double requestsPerSecond) {
        return Math.round(requestsPerSecond * timeWaitPerRequest() * TIME_WAIT_SECONDS);
    }

    /** Returns the request rate at which the projected TIME_WAIT ports use every ephemeral port; infinite if none. */
    public double portExhaustionRate() {
        double perRequest = timeWaitPerRequest();
        return perRequest == 0 ? Double.POSITIVE_INFINITY : ephemeralPorts / (perRequest * TIME_WAIT_SECONDS);
    }

    /**
     * Renders the report with the projection at {@code requestsPerSecond}. Failed requests are listed with their
     * reasons; when no request succeeded, the report draws no conclusion about churn.
     */
    public String render(double requestsPerSecond) {
        StringBuilder out = new StringBuilder();
        out.append("socketwatch probe: ").append(client).append(" -> ").append(uri).append("\n\n");
        out.append(String.format(Locale.ROOT, "  %-28s %12s %12s%n", "", "sequential", "concurrent"));
        row(out, "requests", sequential.requests(), concurrent.requests());
        row(out, "threads", sequential.threads(), concurrent.threads());
        row(out, "failed requests", sequential.failures(), concurrent.failures());
        row(out, "connections opened", sequential.connectionsOpened(), concurrent.connectionsOpened());
        row(out, "connections kept from before", sequential.connectionsKept(), concurrent.connectionsKept());
        out.append(String.format(Locale.ROOT, "  %-28s %12.1f %12.1f%n", "exchanges per connection",
                sequential.exchangesPerConnection(), concurrent.exchangesPerConnection()));
        row(out, "closed first by the client", sequential.closedByClient(), concurrent.closedByClient());
        row(out, "closed first by the server", sequential.closedByServer(), concurrent.closedByServer());
        row(out, "still open", sequential.stillOpen(), concurrent.stillOpen());
        row(out, "TIME_WAIT left on the client", sequential.timeWaitOnClient(), concurrent.timeWaitOnClient());
        failures(out);
        if (sequential.successes() + concurrent.successes() == 0) {
            out.append("No request succeeded: nothing to conclude about connection reuse or churn.\n");
            return out.toString();
        }
        out.append(String.format(Locale.ROOT, "%nAt %s requests/s: %.2f TIME_WAIT per request holds %d of %d "
                        + "ephemeral ports (60 s each)", number(requestsPerSecond), timeWaitPerRequest(),
                projectedTimeWaitPorts(requestsPerSecond), ephemeralPorts));
        double exhaustion = portExhaustionRate();
        out.append(Double.isInfinite(exhaustion) ? "; churn does not limit the rate.\n"
                : String.format(Locale.ROOT, "; ports run out at about %s requests/s.%n", number(exhaustion)));
        if (sequential.closedByServer() + concurrent.closedByServer() > 0) {
            out.append("Connections the server closed first hold TIME_WAIT on the server's host, not client ports.\n");
        }
        return out.toString();
    }

    private void failures(StringBuilder out) {
        int failed = sequential.failures() + concurrent.failures();
        if (failed == 0) {
            return;
        }
        out.append(String.format(Locale.ROOT, "%n%d of %d requests failed:%n", failed,
                sequential.requests() + concurrent.requests()));
        Stream.concat(sequential.failureReasons().stream(), concurrent.failureReasons().stream()).distinct()
                .forEach(reason -> out.append("  ").append(reason).append('\n'));
    }

    /** Renders the report with the projection at 100 requests/s. */
    @Override
    public String toString() {
        return render(100);
    }

    private static void row(StringBuilder out, String label, long sequential, long concurrent) {
        out.append(String.format(Locale.ROOT, "  %-28s %12d %12d%n", label, sequential, concurrent));
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
