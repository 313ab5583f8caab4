package io.socketwatch.internal.tracker;

import io.socketwatch.internal.os.FourTuple;
import io.socketwatch.internal.os.ProcessSockets;
import io.socketwatch.internal.os.SocketEntry;
import io.socketwatch.internal.os.SocketTableException;
import io.socketwatch.internal.os.SocketTableReader;
import io.socketwatch.model.OpeningSite;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection;
import io.socketwatch.model.TcpConnection.ClosedFirst;
import io.socketwatch.model.TcpConnection.Origin;
import io.socketwatch.model.TcpConnection.Side;
import io.socketwatch.model.TcpState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The degraded mode used when the agent cannot be installed: the window's connections are this process's own
 * sockets (by {@code /proc/self/fd} inode) that appear in the OS table after the window started, followed by 4-tuple
 * into TIME_WAIT. Connections opened and fully closed between two reads of the table are not seen; there are no
 * opening sites, counters or per-thread attribution, and every activity's notes say so.
 */
final class OsOnlyRecording implements Recording {

    private final SocketTableReader reader;
    private final Duration settleTimeout;
    private final Clock clock;
    private final String note;
    private final Instant startedAt;
    private final Set<FourTuple> baseline = new HashSet<>();
    private final Map<FourTuple, Instant> seen = new LinkedHashMap<>();
    private final Map<FourTuple, Long> ids = new HashMap<>();
    private SocketActivity stopped;

    OsOnlyRecording(SocketTableReader reader, Duration settleTimeout, Clock clock, String reason) {
        this.reader = reader;
        this.settleTimeout = settleTimeout;
        this.clock = clock;
        this.note = "OS-only mode (" + reason + "): connections are seen only when the OS table is read, at the "
                + "window's start and when its activity is taken, without opening sites, counters or per-test "
                + "attribution";
        this.startedAt = clock.instant();
        try {
            for (SocketEntry entry : ownConnections(reader.scan().entries(), ProcessSockets.ownInodes())) {
                baseline.add(entry.tuple());
            }
        } catch (SocketTableException e) {
            // reported by activity(), which reads the table again
        }
    }

    @Override
    public synchronized SocketActivity activity() {
        return stopped != null ? stopped : settle();
    }

    @Override
    public synchronized SocketActivity stop() {
        if (stopped == null) {
            stopped = settle();
        }
        return stopped;
    }

    @Override
    public void close() {
        stop();
    }

    private SocketActivity settle() {
        List<String> notes = new ArrayList<>(List.of(note));
        Backoff backoff = new Backoff(settleTimeout);
        Map<FourTuple, SocketEntry> table;
        while (true) {
            try {
                table = read();
            } catch (SocketTableException e) {
                notes.add("OS states unknown: " + e.getMessage());
                return new SocketActivity(List.of(), startedAt, clock.instant(), 0, notes);
            }
            boolean passing = seen.keySet().stream().map(table::get)
                    .anyMatch(entry -> entry != null && (entry.state().isTransient() || entry.state() == TcpState.CLOSE_WAIT));
            if (!passing || backoff.expired()) {
                break;
            }
            if (!backoff.pause()) {
                notes.add("settling was interrupted");
                break;
            }
        }
        Instant now = clock.instant();
        List<TcpConnection> connections = new ArrayList<>();
        for (Map.Entry<FourTuple, Instant> each : seen.entrySet()) {
            SocketEntry entry = table.get(each.getKey());
            TcpState state = entry != null ? entry.state() : TcpState.CLOSE;
            boolean closedHere = entry == null || !entry.hasOwner();
            ClosedFirst closedFirst = state == TcpState.CLOSE_WAIT ? ClosedFirst.PEER
                    : state == TcpState.TIME_WAIT || state == TcpState.FIN_WAIT2 ? ClosedFirst.THIS_JVM
                    : ClosedFirst.NEITHER;
            FourTuple tuple = each.getKey();
            connections.add(new TcpConnection(ids.get(tuple), tuple.local(), tuple.remote(), side(tuple, table),
                    Origin.UNATTRIBUTED, each.getValue(), closedHere ? now : null, closedFirst, 0, 0, 0,
                    OpeningSite.UNKNOWN, state, false));
        }
        return new SocketActivity(connections, startedAt, now, 0, notes);
    }

    /** Reads the table, adds this process's new connections to those seen, and returns the table by tuple. */
    private Map<FourTuple, SocketEntry> read() {
        List<SocketEntry> entries = reader.scan().entries();
        Instant now = clock.instant();
        for (SocketEntry entry : ownConnections(entries, ProcessSockets.ownInodes())) {
            if (!baseline.contains(entry.tuple()) && !seen.containsKey(entry.tuple())) {
                seen.put(entry.tuple(), now);
                ids.put(entry.tuple(), (long) ids.size() + 1);
            }
        }
        Map<FourTuple, SocketEntry> byTuple = new HashMap<>();
        for (SocketEntry entry : entries) {
            byTuple.putIfAbsent(entry.tuple(), entry);
        }
        return byTuple;
    }

    private static List<SocketEntry> ownConnections(List<SocketEntry> entries, Set<Long> ownInodes) {
        return entries.stream()
                .filter(entry -> entry.state() != TcpState.LISTEN && ownInodes.contains(entry.inode()))
                .toList();
    }

    /** A connection whose local port one of this process's sockets listens on was accepted here. */
    private static Side side(FourTuple tuple, Map<FourTuple, SocketEntry> table) {
        for (SocketEntry entry : table.values()) {
            if (entry.state() == TcpState.LISTEN && entry.tuple().local().getPort() == tuple.local().getPort()) {
                return Side.SERVER;
            }
        }
        return Side.CLIENT;
    }
}
