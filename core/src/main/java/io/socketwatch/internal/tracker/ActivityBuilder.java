package io.socketwatch.internal.tracker;

import io.socketwatch.internal.agent.boot.SocketEvents;
import io.socketwatch.internal.os.FourTuple;
import io.socketwatch.internal.os.SocketEntry;
import io.socketwatch.internal.tracker.Membership.Member;
import io.socketwatch.model.ClientResource;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection;
import io.socketwatch.model.TcpConnection.CloseReason;
import io.socketwatch.model.TcpState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a window's {@link SocketActivity} from its settled connections: each with its counters (a baseline
 * connection's as a delta since the window started) and its OS state, the resources' snapshots, and the notes that
 * limit the view of the whole window. Created as the window starts, whose start time and instrumentation failure count
 * it keeps.
 */
final class ActivityBuilder {

    private final StateLookup states;
    private final Clock clock;
    private final int maxConnections;
    private final Instant startedAt;
    private final long failuresAtStart;

    /** @param states tells the limitation of the OS table's view, noted in every activity */
    ActivityBuilder(StateLookup states, Clock clock, int maxConnections) {
        this.states = states;
        this.clock = clock;
        this.maxConnections = maxConnections;
        this.startedAt = clock.instant();
        this.failuresAtStart = SocketEvents.failures();
    }

    /** Returns the activity of a window that saw nothing. */
    SocketActivity empty(long dropped, List<String> notes) {
        return new SocketActivity(List.of(), startedAt, clock.instant(), dropped, windowNotes(notes, dropped),
                List.of());
    }

    /**
     * Returns the activity of {@code connections}, in their order, then of the untracked sockets found.
     *
     * @param untracked the window's look for untracked sockets, or {@code null}: what its latest look found is added
     * @param dropped   the connections and resources counted past the window's cap
     * @param notes     what limited the window's view so far; the whole window's limits are added to them
     */
    SocketActivity build(List<Member> connections, Settler.Settled settled, UntrackedLook.Settling untracked,
                         List<TrackedResource> resources, long dropped, List<String> notes) {
        // A 4-tuple can be reused within a window (a port freed, or a TIME_WAIT taken over): its row is the newest's.
        Map<FourTuple, Long> newest = new HashMap<>();
        for (Member member : connections) {
            newest.merge(member.connection().tuple, member.connection().id, Math::max);
        }
        List<TcpConnection> reported = new ArrayList<>(connections.size());
        for (Member member : connections) {
            boolean ownsRow = newest.get(member.connection().tuple) == member.connection().id;
            reported.add(toConnection(member, ownsRow ? settled.rows() : Map.of(), settled.tableReadable()));
        }
        if (untracked != null) {
            untracked.report(reported, notes);
        }
        List<ClientResource> obtained = resources.isEmpty() ? List.of() : resources.stream()
                .map(TrackedResource::snapshot).sorted(Comparator.comparingLong(ClientResource::id)).toList();
        return new SocketActivity(reported, startedAt, clock.instant(), dropped, windowNotes(notes, dropped), obtained);
    }

    /** Adds what limits the whole window's view to {@code notes}, and returns them. */
    private List<String> windowNotes(List<String> notes, long dropped) {
        if (!states.limitation().isEmpty()) {
            notes.add(states.limitation());
        }
        long failures = SocketEvents.failures() - failuresAtStart;
        if (failures > 0) {
            Throwable first = SocketEvents.firstFailure();
            notes.add("socketwatch's instrumentation failed " + failures + " time(s) in this window and may have "
                    + "missed events; first failure: " + first);
        }
        if (dropped > 0) {
            notes.add(dropped + " connection(s) beyond the cap of " + maxConnections + " were counted, not kept");
        }
        return notes;
    }

    private static List<Long> ids(long[] ids) {
        if (ids == null || ids.length == 0) {
            return List.of();
        }
        List<Long> list = new ArrayList<>(ids.length);
        for (long id : ids) {
            list.add(id);
        }
        return list;
    }

    private static TcpConnection toConnection(Member member, Map<FourTuple, SocketEntry> found, boolean tableReadable) {
        TrackedConnection connection = member.connection();
        TrackedConnection.Counters counters = connection.counters();
        if (member.before() != null) {
            counters = counters.minus(member.before());
        }
        ClientBuild client = connection.client();
        SocketEntry entry = found.get(connection.tuple);
        TcpState state = !tableReadable ? TcpState.UNKNOWN : entry != null ? entry.state() : TcpState.CLOSE;
        return new TcpConnection(connection.id, connection.tuple.local(), connection.tuple.remote(), connection.side,
                member.origin(), connection.openedAt(), connection.closedAt(), connection.closedFirst(),
                counters.sent(), counters.received(), counters.exchanges(), connection.site.resolve(), state,
                connection.collected(), client == null ? null : client.snapshot(), ids(connection.idleAtOpen()),
                connection.closedForRedirect() ? CloseReason.REDIRECT_FOLLOWED : CloseReason.UNKNOWN);
    }
}
