package io.socketwatch.model;

import io.socketwatch.internal.net.Endpoint;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The connections of a recording window, as {@link io.socketwatch.SocketWatcher#activity()} or {@link io.socketwatch.SocketWatcher#stop()} found
 * them after settling. Immutable.
 *
 * @param connections the window's connections: opened in it, or open when it started and used or closed in it (the
 *                    baseline), in the order first seen
 * @param startedAt   when the window started
 * @param takenAt     when this view was taken
 * @param dropped     connections not retained because the window reached its cap; they are counted, not listed
 * @param notes       what limits this view, one sentence each: a degraded mode, instrumentation errors, a platform
 *                    whose socket table cannot be read; empty when socketwatch saw everything it looks at
 * @param resources   what client libraries (OkHttp, JDBC, HikariCP, Apache HttpClient 5) handed the application in
 *                    the window, released or not, in the order obtained
 */
public record SocketActivity(List<TcpConnection> connections, Instant startedAt, Instant takenAt, long dropped,
                             List<String> notes, List<ClientResource> resources) {

    /** An activity without client-level resources. */
    public SocketActivity(List<TcpConnection> connections, Instant startedAt, Instant takenAt, long dropped,
                          List<String> notes) {
        this(connections, startedAt, takenAt, dropped, notes, List.of());
    }

    public SocketActivity {
        connections = List.copyOf(connections);
        resources = List.copyOf(resources);
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(takenAt, "takenAt");
        notes = List.copyOf(notes);
        if (dropped < 0) {
            throw new IllegalArgumentException("dropped < 0: " + dropped);
        }
    }

    /** Returns this activity with {@code more} notes after its own. */
    public SocketActivity withNotes(List<String> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<String> all = new ArrayList<>(notes);
        all.addAll(more);
        return new SocketActivity(connections, startedAt, takenAt, dropped, all, resources);
    }

    /**
     * Returns this activity without the connections to {@code host:port}: client ends whose remote address, and
     * server ends whose local address, is any address of {@code host} with that port.
     *
     * @throws IllegalArgumentException if {@code host} cannot be resolved
     */
    public SocketActivity excluding(String host, int port) {
        Endpoint endpoint = Endpoint.resolve(host, port);
        List<TcpConnection> kept = connections.stream()
                .filter(c -> !endpoint.matches(c.side() == TcpConnection.Side.CLIENT ? c.remote() : c.local()))
                .toList();
        return new SocketActivity(kept, startedAt, takenAt, dropped, notes, resources);
    }

    /**
     * Returns this activity without {@code ends} and their other ends in this JVM (the server end of a loopback
     * connection whose client end is given, and the reverse).
     */
    public SocketActivity excludingConnections(Collection<TcpConnection> ends) {
        if (ends.isEmpty()) {
            return this;
        }
        Set<List<InetSocketAddress>> tuples = new HashSet<>();
        for (TcpConnection end : ends) {
            tuples.add(List.of(end.local(), end.remote()));
            tuples.add(List.of(end.remote(), end.local()));
        }
        List<TcpConnection> kept = connections.stream()
                .filter(c -> !tuples.contains(List.of(c.local(), c.remote())))
                .toList();
        return new SocketActivity(kept, startedAt, takenAt, dropped, notes, resources);
    }

    /**
     * Returns this activity without the connections that test infrastructure opened or accepted, such as a
     * MockWebServer's accepted sockets: ends whose opening site points to a class whose name starts with one of
     * {@code classNamePrefixes} (its application frame; for a connection opened by library code alone, its first
     * frame outside the JDK). The end of such a connection that the code under test opened stays: it is still judged.
     * A test server that closes first (a dropped connection, {@code Connection: close}) leaves its TIME_WAIT on its own
     * end, which is set aside with it. A note says how many ends were set aside and which classes opened them.
     *
     * @param classNamePrefixes class or package name prefixes, e.g. {@code "mockwebserver3."}
     */
    public SocketActivity excludingOpenedBy(Collection<String> classNamePrefixes) {
        if (connections.isEmpty() || classNamePrefixes.isEmpty()) {
            return this; // most tests: nothing to look at, nothing allocated
        }
        List<TcpConnection> kept = new ArrayList<>(connections.size());
        Map<String, Integer> setAsideBy = new TreeMap<>();
        for (TcpConnection connection : connections) {
            if (connection.openingSite().isIn(classNamePrefixes)) {
                setAsideBy.merge(connection.openingSite().className(), 1, Integer::sum);
            } else {
                kept.add(connection);
            }
        }
        if (setAsideBy.isEmpty()) {
            return this;
        }
        List<String> withNote = new ArrayList<>(notes);
        withNote.add(setAsideNote(connections.size() - kept.size(), setAsideBy));
        return new SocketActivity(kept, startedAt, takenAt, dropped, withNote, resources);
    }

    private static String setAsideNote(int count, Map<String, Integer> byClass) {
        StringBuilder note = new StringBuilder()
                .append(count).append(count == 1 ? " connection end" : " connection ends")
                .append(" opened by test infrastructure, not the code under test, set aside (");
        String separator = "";
        for (Map.Entry<String, Integer> each : byClass.entrySet()) {
            note.append(separator).append(each.getKey());
            if (each.getValue() > 1) {
                note.append(" x").append(each.getValue());
            }
            separator = ", ";
        }
        return note.append(").").toString();
    }
}
