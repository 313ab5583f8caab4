package io.socketwatch.internal.tracker;

import io.socketwatch.internal.os.FourTuple;
import io.socketwatch.internal.os.SocketEntry;
import io.socketwatch.internal.os.SocketTableException;
import io.socketwatch.internal.tracker.Membership.Member;
import io.socketwatch.model.LaterFinding;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection;
import io.socketwatch.model.TcpConnection.Origin;
import io.socketwatch.model.TcpConnection.Side;
import io.socketwatch.model.TcpState;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The connections a window opened that were still open when it stopped, followed after its end, so that a later look
 * ({@link #sweep}, at the end of the test's class) finds those that broke or were dropped since. A client end in
 * CLOSE_WAIT whose server on this host no longer listens is not one of them: the server shut down, as test servers
 * do between tests, and the CLOSE_WAIT is the fixture's end. A server end in CLOSE_WAIT is one when its client is
 * elsewhere (it left, and this JVM's server never closed it); with its client in this JVM, the client's end tells the
 * cause (dropped, say) and the server end's CLOSE_WAIT, which follows from it, is not reported again. Not those of test
 * infrastructure, nor those already in CLOSE_WAIT at the window's end, which the window's own checks judged. Holds the
 * tracker's records of them, which hold no socket.
 */
public final class LeftBehind {

    /** A window that left nothing open, or that ran without instrumentation. */
    public static final LeftBehind NONE = new LeftBehind(List.of(), null, null);

    /**
     * @param atEnd the connection as the window's activity reported it
     * @param live  the tracker's record of it
     * @param peer  the tracker's record of its other end, where that end is in this JVM too; else {@code null}
     */
    private record Entry(TcpConnection atEnd, TrackedConnection live, TrackedConnection peer) {
    }

    private final List<Entry> entries;
    private final RecordingHost host;
    private final StateLookup states;

    private LeftBehind(List<Entry> entries, RecordingHost host, StateLookup states) {
        this.entries = List.copyOf(entries);
        this.host = host;
        this.states = states;
    }

    /** Returns what a window whose members were {@code members} and whose activity was {@code activity} left open. */
    static LeftBehind of(List<Member> members, SocketActivity activity, RecordingHost host, StateLookup states) {
        Map<Long, TcpConnection> reported = null;
        List<Entry> entries = null;
        for (Member member : members) {
            TrackedConnection connection = member.connection();
            if (member.origin() != Origin.WINDOW || !connection.isOpen()
                    || connection.site.resolve().isIn(SocketKeepers.TEST_INFRASTRUCTURE)) {
                continue;
            }
            if (reported == null) {
                reported = new HashMap<>();
                for (TcpConnection each : activity.connections()) {
                    reported.put(each.id(), each);
                }
                entries = new ArrayList<>();
            }
            TcpConnection atEnd = reported.get(connection.id);
            if (atEnd != null && atEnd.state() != TcpState.CLOSE_WAIT) {
                entries.add(new Entry(atEnd, connection, peerOf(connection, members, host)));
            }
        }
        return entries == null || entries.isEmpty() ? NONE : new LeftBehind(entries, host, states);
    }

    /** Returns the tracker's record of the other end of {@code connection}, where that end is in this JVM. */
    private static TrackedConnection peerOf(TrackedConnection connection, List<Member> members, RecordingHost host) {
        FourTuple reversed = connection.tuple.reversed();
        for (Member member : members) {
            if (member.connection().side != connection.side && member.connection().tuple.equals(reversed)) {
                return member.connection();
            }
        }
        // accepted by a thread of another window, or of none
        TrackedConnection open = host.following(reversed);
        return open != null && open.side != connection.side ? open : null;
    }

    /** Returns the connections as they were at the window's end. */
    public List<TcpConnection> connections() {
        return entries.stream().map(Entry::atEnd).toList();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Returns those of these connections whose ids are in {@code ids}: those the caller judges. */
    public LeftBehind within(Set<Long> ids) {
        List<Entry> kept = entries.stream().filter(entry -> ids.contains(entry.atEnd().id())).toList();
        return kept.size() == entries.size() ? this : kept.isEmpty() ? NONE : new LeftBehind(kept, host, states);
    }

    /**
     * Looks once more at every connection of {@code all}: those dropped without close since (one garbage collection,
     * run only when one of them is still open and no owner socketwatch knows keeps it reachable), and those still open
     * in CLOSE_WAIT (one look-up of the OS table for all). A connection this JVM closed since, or still open in another
     * state, is no finding.
     *
     * @param notes told why the look found less than it might: the OS table could not be read
     */
    public static List<LaterFinding> sweep(List<LeftBehind> all, List<String> notes) {
        List<Entry> entries = new ArrayList<>();
        LeftBehind any = null;
        for (LeftBehind left : all) {
            entries.addAll(left.entries);
            any = left.entries.isEmpty() ? any : left;
        }
        if (any == null) {
            return List.of();
        }
        List<TrackedConnection> unkept = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.live().isOpen() && !SocketKeepers.keepsReachable(entry.live())) {
                unkept.add(entry.live());
            }
        }
        any.host.findCollected(unkept);
        Map<FourTuple, SocketEntry> rows = states(any.states, entries, notes);
        List<LaterFinding> findings = new ArrayList<>();
        List<Entry> closeWait = new ArrayList<>();
        for (Entry entry : entries) {
            TrackedConnection live = entry.live();
            if (live.collected()) {
                findings.add(new LaterFinding(entry.atEnd(), LaterFinding.Kind.DROPPED_WITHOUT_CLOSE, Optional.empty()));
            } else if (live.isOpen() && rows.containsKey(live.tuple)
                    && rows.get(live.tuple).state() == TcpState.CLOSE_WAIT) {
                closeWait.add(entry);
            }
        }
        Set<Integer> listening = closeWait.isEmpty() ? Set.of() : listeningPorts(any.states, notes);
        for (Entry entry : closeWait) {
            InetSocketAddress server = entry.live().tuple.remote();
            if (listening == null || entry.live().side == Side.CLIENT && server.getAddress().isLoopbackAddress()
                    && !listening.contains(server.getPort())) {
                continue; // the test's server shut down, as test servers do between tests: their fixture's end
            }
            if (entry.live().side == Side.SERVER && entry.peer() != null) {
                continue; // its client is in this JVM: what became of the client's end tells the cause
            }
            TrackedConnection peer = entry.peer();
            findings.add(new LaterFinding(entry.atEnd(), LaterFinding.Kind.CLOSE_WAIT,
                    Optional.ofNullable(peer == null ? null : peer.closedAt())));
        }
        return findings;
    }

    /** Returns the ports something on this host listens on, or {@code null} (with a note) if that cannot be read. */
    private static Set<Integer> listeningPorts(StateLookup states, List<String> notes) {
        try {
            Set<Integer> ports = new HashSet<>();
            for (SocketEntry row : states.rowsIn(EnumSet.of(TcpState.LISTEN)).entries()) {
                ports.add(row.tuple().local().getPort());
            }
            return ports;
        } catch (SocketTableException e) {
            notes.add("the listening sockets are unknown, so CLOSE_WAIT was not judged: " + e.getMessage());
            return null;
        }
    }

    private static Map<FourTuple, SocketEntry> states(StateLookup states, List<Entry> entries, List<String> notes) {
        List<FourTuple> open = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.live().isOpen()) {
                open.add(entry.live().tuple);
            }
        }
        if (open.isEmpty()) {
            return Map.of();
        }
        try {
            return states.lookup(open);
        } catch (SocketTableException e) {
            notes.add("OS states unknown, so CLOSE_WAIT was not looked for: " + e.getMessage());
            return Map.of();
        }
    }
}
