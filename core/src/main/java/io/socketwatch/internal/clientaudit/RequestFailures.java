package io.socketwatch.internal.clientaudit;

import io.socketwatch.audit.ProbeReport;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The failed requests of one probe phase: how many, and why, each reason told once, in the order first seen, at most
 * {@link ProbeReport.Phase#MAX_FAILURE_REASONS}. Safe to use from several threads.
 *
 * <p>A client may fail to connect without saying why (JDK 17's {@code HttpClient} throws a {@code ConnectException}
 * without a message); {@link #reasons()} then connects once with a plain socket, bounded by
 * {@value #DIAGNOSIS_TIMEOUT_MILLIS} ms, and tells what that connect met. Call it after the phase's recording.
 */
final class RequestFailures {

    /** How long the plain connect that explains a failed connect may take: {@value} ms. */
    static final int DIAGNOSIS_TIMEOUT_MILLIS = 2000;

    private final String host;
    private final int port;
    private final String endpoint;
    private final List<String> reasons = new ArrayList<>();
    private int count;

    /** Failures of requests to {@code host} and {@code port}, which the reasons name. */
    RequestFailures(String host, int port) {
        this.host = host;
        this.port = port;
        this.endpoint = host + ":" + port;
    }

    synchronized void add(Throwable failure) {
        count++;
        String reason = reason(failure);
        if (reasons.size() < ProbeReport.Phase.MAX_FAILURE_REASONS && !reasons.contains(reason)) {
            reasons.add(reason);
        }
    }

    synchronized int count() {
        return count;
    }

    /** Returns the reasons; a connect that failed without one is explained by a plain connect of its own. */
    synchronized List<String> reasons() {
        return reasons.stream().map(reason -> reason.equals(unexplainedConnect()) ? diagnoseConnect() : reason)
                .toList();
    }

    private String unexplainedConnect() {
        return "could not connect to " + endpoint;
    }

    private String diagnoseConnect() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), DIAGNOSIS_TIMEOUT_MILLIS);
            return unexplainedConnect() + " (the client gave no reason; a plain connect afterwards succeeded)";
        } catch (IOException e) {
            return reason(e);
        }
    }

    /**
     * Returns why a request failed, in words: {@code connection refused to 127.0.0.1:8080}, {@code timed out ...},
     * {@code unknown host ...}, else the first exception in the cause chain that has a message.
     */
    String reason(Throwable failure) {
        boolean connectFailed = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            connectFailed |= t instanceof ConnectException;
            String message = t.getMessage() == null ? "" : t.getMessage();
            if (t instanceof ConnectException && message.toLowerCase(Locale.ROOT).contains("refused")) {
                return "connection refused to " + endpoint;
            }
            if (t instanceof UnknownHostException) {
                return "unknown host in " + endpoint;
            }
            if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException) {
                return "timed out on " + endpoint + (message.isEmpty() ? "" : ": " + message);
            }
        }
        if (connectFailed) {
            return unexplainedConnect() + messages(failure);
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                return t.getClass().getName() + ": " + t.getMessage();
            }
        }
        return failure.getClass().getName();
    }

    private static String messages(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return ": " + t.getMessage();
            }
        }
        return "";
    }
}
