package io.socketwatch;

import io.socketwatch.audit.ProbeReport;
import io.socketwatch.internal.clientaudit.JdkHttpExchange;
import io.socketwatch.internal.clientaudit.OkHttpExchange;
import io.socketwatch.internal.clientaudit.ProbeRunner;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Objects;

/**
 * Measures how a client uses connections: sends requests to a URL, first one after another, then from several
 * threads at once, and records every connection with {@link io.socketwatch.SocketWatcher}. Immutable: each
 * {@code with...} method returns a new probe.
 *
 * <pre>{@code
 * ProbeReport report = ConnectionProbe.okHttp(client).withRequests(50).run(server.url("/").uri());
 * assertThat(report.sequential().connectionsOpened()).isEqualTo(1);
 * }</pre>
 *
 * <p>{@link #run(URI)} blocks until every request has completed or failed (each bounded by the client's own
 * timeouts) and installs socketwatch's agent on first use. Connections are matched by the URL's host and port, so a
 * test running in parallel that talks to the same endpoint pollutes the counts. Linux only for states and TIME_WAIT.
 */
public final class ConnectionProbe {

    /** Sends one request to a URL, reads its response to the end and closes it; throws if it fails. */
    @FunctionalInterface
    public interface Exchange {
        void send(URI uri) throws Exception;
    }

    private final String client;
    private final Exchange exchange;
    private final int requests;
    private final int threads;

    private ConnectionProbe(String client, Exchange exchange, int requests, int threads) {
        this.client = client;
        this.exchange = exchange;
        this.requests = requests;
        this.threads = threads;
    }

    /** Returns a probe of {@code exchange}, a client named {@code client}; 20 requests per phase on 4 threads. */
    public static ConnectionProbe of(String client, Exchange exchange) {
        return new ConnectionProbe(Objects.requireNonNull(client, "client"),
                Objects.requireNonNull(exchange, "exchange"), 20, 4);
    }

    /** Returns a probe that sends GET requests with {@code client}, each with a 30 s timeout. */
    public static ConnectionProbe jdkHttpClient(HttpClient client) {
        Objects.requireNonNull(client, "client");
        return of("JDK HttpClient", uri -> JdkHttpExchange.send(client, uri));
    }

    /** Returns a probe that sends GET requests with {@code client}. */
    public static ConnectionProbe okHttp(okhttp3.OkHttpClient client) {
        Objects.requireNonNull(client, "client");
        return of("OkHttp", uri -> OkHttpExchange.send(client, uri));
    }

    /** Returns this probe sending {@code count} requests in each phase. */
    public ConnectionProbe withRequests(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("requests must be at least 1, was " + count);
        }
        return new ConnectionProbe(client, exchange, count, threads);
    }

    /** Returns this probe sending the concurrent phase's requests from {@code count} threads. */
    public ConnectionProbe withThreads(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + count);
        }
        return new ConnectionProbe(client, exchange, requests, count);
    }

    /** Runs both phases against {@code uri} and reports what the client's connections did. */
    public ProbeReport run(URI uri) {
        Objects.requireNonNull(uri, "uri");
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("no host in " + uri);
        }
        return ProbeRunner.run(client, exchange::send, uri, requests, threads);
    }
}
