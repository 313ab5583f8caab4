package io.socketwatch.internal.clientaudit;

import io.socketwatch.audit.ProbeReport;
import io.socketwatch.internal.check.Checks;
import io.socketwatch.internal.net.Endpoint;
import io.socketwatch.internal.tracker.Recording;
import io.socketwatch.internal.tracker.Recordings;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection;
import io.socketwatch.model.TcpState;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a connection probe's two phases, each in its own recording window. */
public final class ProbeRunner {

    /** One request of the probe to a URI; throws when it fails. */
    @FunctionalInterface
    public interface Request {
        void send(URI uri) throws Exception;
    }

    /** How long each phase's recording waits, at most, for its connections to settle: {@value} ms. */
    static final long SETTLE_TIMEOUT_MILLIS = 1000;

    /** The longest one phase may take before the probe gives up: {@value} s. */
    static final long PHASE_TIMEOUT_SECONDS = 300;

    private ProbeRunner() {
    }

    public static ProbeReport run(String client, Request exchange, URI uri, int requests,
                                  int threads) {
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        Endpoint endpoint = Endpoint.resolve(uri.getHost(), port);
        ProbeReport.Phase sequential = phase(exchange, uri, endpoint, port, requests, 1);
        ProbeReport.Phase concurrent = phase(exchange, uri, endpoint, port, requests, threads);
        return new ProbeReport(client, uri, sequential, concurrent,
                EphemeralPorts.count(Path.of("/proc/sys/net/ipv4/ip_local_port_range")));
    }

    private static ProbeReport.Phase phase(Request exchange, URI uri, Endpoint endpoint, int port,
                                           int requests, int threads) {
        SocketActivity activity;
        RequestFailures failures = new RequestFailures(uri.getHost(), port);
        try (Recording recording = Recordings.startRecording(Duration.ofMillis(SETTLE_TIMEOUT_MILLIS))) {
            if (threads == 1) {
                sequentially(exchange, uri, requests, failures);
            } else {
                concurrently(exchange, uri, requests, threads, failures);
            }
            activity = recording.stop();
        }
        List<TcpConnection> connections = Checks.clientConnectionsTo(activity, endpoint);
        int opened = 0;
        int kept = 0;
        int used = 0;
        long exchanges = 0;
        int byClient = 0;
        int byServer = 0;
        int open = 0;
        int timeWait = 0;
        for (TcpConnection connection : connections) {
            boolean baseline = connection.origin() == TcpConnection.Origin.BASELINE;
            opened += baseline ? 0 : 1;
            kept += baseline ? 1 : 0;
            used += connection.exchanges() > 0 ? 1 : 0;
            exchanges += connection.exchanges();
            byClient += connection.isClosed() && connection.closedFirst() == TcpConnection.ClosedFirst.THIS_JVM ? 1 : 0;
            byServer += connection.closedFirst() == TcpConnection.ClosedFirst.PEER ? 1 : 0;
            open += connection.isClosed() ? 0 : 1;
            timeWait += connection.state() == TcpState.TIME_WAIT ? 1 : 0;
        }
        return new ProbeReport.Phase(requests, threads, failures.count(), failures.reasons(), opened, kept, used,
                exchanges, byClient, byServer, open, timeWait);
    }

    private static void sequentially(Request exchange, URI uri, int requests, RequestFailures failures) {
        for (int i = 0; i < requests; i++) {
            send(exchange, uri, failures);
        }
    }

    private static void concurrently(Request exchange, URI uri, int requests, int threads, RequestFailures failures) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "socketwatch-probe");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                results.add(pool.submit(() -> send(exchange, uri, failures)));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PHASE_TIMEOUT_SECONDS);
            for (Future<?> result : results) {
                result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the probe was interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the probe's concurrent requests did not finish in "
                    + PHASE_TIMEOUT_SECONDS + " s", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("the probe failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static void send(Request exchange, URI uri, RequestFailures failures) {
        try {
            exchange.send(uri);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add(e);
        } catch (Exception e) {
            failures.add(e);
        }
    }
}
