package io.socketwatch.internal.tracker;

import io.socketwatch.internal.agent.boot.SocketEvents;
import io.socketwatch.internal.os.FourTuple;
import io.socketwatch.internal.os.SocketEntry;
import io.socketwatch.internal.os.SocketTableException;
import io.socketwatch.model.ClientResource;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection;
import io.socketwatch.model.TcpConnection.Origin;
import io.socketwatch.model.TcpState;
import java.lang.ref.WeakReference;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One recording window: the connections handed to it while it records, plus those open when it started that it used
 * or closed (the baseline, whose counters it reports as deltas; an idle pool costs a test nothing but their counters'
 * snapshot). Taking its activity settles the connections first.
 */
final class InstrumentedRecording implements Recording {

    /** Longest pause between two looks at the OS table while settling. */
    static final Duration MAX_PAUSE = Duration.ofMillis(64);

    /**
     * How long settling waits after the latest read, write or close on a loopback connection whose both ends are open
     * in this JVM: a server that closes after its answer (a request with {@code Connection: close}) does so just after
     * the client read it, often after the test has ended, and the client's end reaches CLOSE_WAIT only then.
     */
    static final Duration QUIET_AFTER_IN_JVM_EXCHANGE = Duration.ofMillis(50);

    /** A connection of the window; {@code before}: a baseline connection's counters when the window started. */
    private record Member(TrackedConnection connection, Origin origin, TrackedConnection.Counters before) {

        Member(TrackedConnection connection, Origin origin) {
            this(connection, origin, null);
        }
    }

    private static final Comparator<Member> BY_ID = Comparator.comparingLong(member -> member.connection().id);

    private final RecordingHost host;
    private final Duration settleTimeout;
    private final int maxConnections;
    private final StateLookup states;
    private final Clock clock;
    private final Instant startedAt;
    private final long failuresAtStart;
    /** The connections open when the window started, with their counters then; fixed once constructed. */
    private final List<Member> baseline;
    /**
     * Guards {@link #members}, {@link #resources} and {@link #dropped}: adds come from any thread, but rarely, and most
     * windows see none, so the lists are made by the first add (a window that sees nothing allocates neither).
     */
    private final Object addLock = new Object();
    private List<Member> members = List.of();
    private List<TrackedResource> resources = List.of();
    /** Connections and resources counted past {@link #maxConnections}, not kept. */
    private long dropped;
    /**
     * Looks for sockets the agent does not see in CLOSE_WAIT; {@code null} while the window does not. An {@code AUTO}
     * window that started before any native transport was loaded looks once one is, from the OS table read then.
     */
    private UntrackedCloseWait untracked;
    private final boolean looksOnceNativeTransportLoads;
    /** The id and first sighting of each untracked socket found, by inode: the same in every activity. */
    private Map<Long, TcpConnection> untrackedFound;
    /** The thread that opened the window: windows of other threads open meanwhile make untracked sockets unowned. */
    final Thread openedBy = Thread.currentThread();
    /** The window the opening thread belonged to when this one was opened; it belongs to it again afterwards. */
    final WeakReference<InstrumentedRecording> outer;
    private volatile boolean overlapped;
    private volatile boolean recording = true;
    private SocketActivity stopped;

    InstrumentedRecording(RecordingHost host, Duration settleTimeout, int maxConnections, StateLookup states, Clock clock,
           Collection<TrackedConnection> openNow, boolean looksForUntracked, boolean looksOnceNativeTransportLoads,
           WeakReference<InstrumentedRecording> outer) {
        this.host = host;
        this.outer = outer;
        this.settleTimeout = settleTimeout;
        this.maxConnections = maxConnections;
        this.states = states;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.failuresAtStart = SocketEvents.failures();
        List<Member> open = new ArrayList<>(openNow.size());
        for (TrackedConnection connection : openNow) {
            open.add(new Member(connection, Origin.BASELINE, connection.counters()));
        }
        this.baseline = open;
        this.untracked = looksForUntracked ? new UntrackedCloseWait(states) : null;
        this.untrackedFound = looksForUntracked ? new ConcurrentHashMap<>() : null;
        this.looksOnceNativeTransportLoads = looksOnceNativeTransportLoads && !looksForUntracked;
    }

    /** Returns the look for untracked sockets, or null while the window does not look. */
    private synchronized UntrackedCloseWait untracked(List<String> notes) {
        if (untracked == null && looksOnceNativeTransportLoads) {
            untracked = host.untrackedSinceNativeTransport(notes);
            if (untracked != null) {
                untrackedFound = new ConcurrentHashMap<>();
            }
        }
        return untracked;
    }

    /** Another thread's window was open at some moment of this one: untracked sockets cannot be tied to either. */
    void overlapped() {
        overlapped = true;
    }

    boolean isRecording() {
        return recording;
    }

    /** Adds a connection opened while recording; past the cap it is only counted. */
    void add(TrackedConnection connection, Origin origin) {
        if (!recording) {
            return;
        }
        synchronized (addLock) {
            if (isFull()) {
                dropped++;
            } else {
                if (members.isEmpty()) {
                    members = new ArrayList<>();
                }
                members.add(new Member(connection, origin));
            }
        }
    }

    /** Adds a client-level resource obtained while recording; past the cap it is only counted. */
    void addResource(TrackedResource resource) {
        if (!recording) {
            return;
        }
        synchronized (addLock) {
            if (isFull()) {
                dropped++;
            } else {
                resource.heldBy();
                if (resources.isEmpty()) {
                    resources = new ArrayList<>();
                }
                resources.add(resource);
            }
        }
    }

    /** Whether the window keeps no more connections and resources; called holding {@link #addLock}. */
    private boolean isFull() {
        return members.size() + resources.size() >= maxConnections;
    }

    /** The connections added so far, in the order they were added. */
    private List<Member> members() {
        synchronized (addLock) {
            return members.isEmpty() ? List.of() : List.copyOf(members);
        }
    }

    /** The resources added so far, in the order they were added. */
    private List<TrackedResource> resources() {
        synchronized (addLock) {
            return resources.isEmpty() ? List.of() : List.copyOf(resources);
        }
    }

    private long dropped() {
        synchronized (addLock) {
            return dropped;
        }
    }

    @Override
    public SocketActivity activity() {
        synchronized (this) {
            if (stopped != null) {
                return stopped;
            }
        }
        return settle();
    }

    @Override
    public synchronized SocketActivity stop() {
        if (stopped == null) {
            recording = false;
            host.windowStopped(this);
            stopped = settle();
            resources().forEach(TrackedResource::forget);
        }
        return stopped;
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Waits, at most the settle timeout, while a connection of the window is in a passing state, then reads each
     * connection's OS state. Returns at once when nothing is passing.
     */
    private SocketActivity settle() {
        List<Member> all = new ArrayList<>();
        for (Member open : baseline) {
            TrackedConnection connection = open.connection();
            if (!connection.isOpen() || !connection.counters().equals(open.before())) { // used or closed in it
                all.add(open);
            }
        }
        all.addAll(members());
        List<TrackedResource> resources = resources();
        List<String> notes = new ArrayList<>();
        UntrackedCloseWait untracked = untracked(notes);
        if (all.isEmpty() && resources.isEmpty() && untracked == null) { // a window that saw nothing: most tests
            host.findCollected(List.of());
            return new SocketActivity(List.of(), startedAt, clock.instant(), dropped(), windowNotes(notes), List.of());
        }
        all.sort(BY_ID);
        // only the window's own sockets justify a garbage collection; others' are reported if already collected
        List<TrackedConnection> own = new ArrayList<>();
        for (Member member : all) {
            if (member.origin() == Origin.WINDOW) {
                own.add(member.connection());
            }
        }
        host.findCollected(own);

        List<FourTuple> tuples = new ArrayList<>(all.size());
        for (Member member : all) {
            tuples.add(member.connection().tuple);
        }
        Map<FourTuple, SocketEntry> found = Map.of();
        boolean tableReadable = true;
        UntrackedLook untrackedLook = untracked == null ? null : new UntrackedLook(untracked, all);
        long deadline = System.nanoTime() + settleTimeout.toNanos();
        long pauseMillis = 1;
        while (true) {
            try {
                found = tuples.isEmpty() ? Map.of() : states.lookup(tuples); // nothing to ask: most tests
            } catch (SocketTableException e) {
                tableReadable = false;
                notes.add("OS states unknown: " + e.getMessage());
                break;
            }
            // an untracked CLOSE_WAIT passes as a tracked one does, unless it cannot be this window's anyway
            boolean untrackedPassing = untrackedLook != null && untrackedLook.look() && !overlapped;
            if ((!anyPassing(all, found) && !anyHeld(resources) && !peerMayBeClosing(all) && !untrackedPassing)
                    || System.nanoTime() >= deadline) {
                break;
            }
            if (!pause(Math.min(pauseMillis, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)))) {
                notes.add("settling was interrupted");
                break;
            }
            pauseMillis = Math.min(pauseMillis * 2, MAX_PAUSE.toMillis());
        }

        // A 4-tuple can be reused within a window (a port freed, or a TIME_WAIT taken over): its row is the newest's.
        Map<FourTuple, Long> newest = new java.util.HashMap<>();
        for (Member member : all) {
            newest.merge(member.connection().tuple, member.connection().id, Math::max);
        }
        List<TcpConnection> connections = new ArrayList<>(all.size());
        for (Member member : all) {
            boolean ownsRow = newest.get(member.connection().tuple) == member.connection().id;
            connections.add(toConnection(member, ownsRow ? found : Map.of(), tableReadable));
        }
        if (untrackedLook != null) {
            untrackedLook.report(connections, notes);
        }
        List<ClientResource> obtained = resources.isEmpty() ? List.of() : resources.stream()
                .map(TrackedResource::snapshot).sorted(Comparator.comparingLong(ClientResource::id)).toList();
        return new SocketActivity(connections, startedAt, clock.instant(), dropped(), windowNotes(notes), obtained);
    }

    /** Adds what limits the whole window's view to {@code notes}, and returns them. */
    private List<String> windowNotes(List<String> notes) {
        if (!states.limitation().isEmpty()) {
            notes.add(states.limitation());
        }
        long failures = SocketEvents.failures() - failuresAtStart;
        if (failures > 0) {
            Throwable first = SocketEvents.firstFailure();
            notes.add("socketwatch's instrumentation failed " + failures + " time(s) in this window and may have missed "
                    + "events; first failure: " + first);
        }
        long notKept = dropped();
        if (notKept > 0) {
            notes.add(notKept + " connection(s) beyond the cap of " + maxConnections + " were counted, not kept");
        }
        return notes;
    }

    /** Returns whether one of the window's resources is still held: the application may be releasing it. */
    private static boolean anyHeld(List<TrackedResource> resources) {
        for (TrackedResource resource : resources) {
            if (!resource.isReleased()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether an in-JVM peer may still be about to close: an open connection of the window whose other end is open in
     * this JVM too, and one of the two ends was used less than {@link #QUIET_AFTER_IN_JVM_EXCHANGE} ago.
     */
    private static boolean peerMayBeClosing(List<Member> all) {
        if (all.size() < 2) {
            return false; // no pair: most tests, which then allocate nothing here
        }
        Map<FourTuple, TrackedConnection> open = new java.util.HashMap<>();
        for (Member member : all) {
            if (member.connection().isOpen()) {
                open.put(member.connection().tuple, member.connection());
            }
        }
        long quiet = QUIET_AFTER_IN_JVM_EXCHANGE.toNanos();
        for (Member member : all) {
            TrackedConnection connection = member.connection();
            TrackedConnection peer = open.get(connection.tuple.reversed());
            if (member.origin() != Origin.BASELINE && connection.isOpen() && peer != null
                    && Math.min(connection.nanosSinceActivity(), peer.nanosSinceActivity()) < quiet) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyPassing(List<Member> all, Map<FourTuple, SocketEntry> found) {
        for (Member member : all) {
            if (member.origin() == Origin.BASELINE) {
                continue;
            }
            SocketEntry entry = found.get(member.connection().tuple);
            if (entry != null && (entry.state().isTransient() || entry.state() == TcpState.CLOSE_WAIT)) {
                return true;
            }
        }
        return false;
    }

    private TcpConnection toConnection(Member member, Map<FourTuple, SocketEntry> found, boolean tableReadable) {
        TrackedConnection connection = member.connection();
        TrackedConnection.Counters counters = connection.counters();
        if (member.before() != null) {
            counters = counters.minus(member.before());
        }
        SocketEntry entry = found.get(connection.tuple);
        TcpState state = !tableReadable ? TcpState.UNKNOWN : entry != null ? entry.state() : TcpState.CLOSE;
        return new TcpConnection(connection.id, connection.tuple.local(), connection.tuple.remote(), connection.side,
                member.origin(), connection.openedAt(), connection.closedAt(), connection.closedFirst(),
                counters.sent(), counters.received(), counters.exchanges(), connection.site.resolve(), state,
                connection.collected());
    }

    /** One settling's looks for untracked sockets in CLOSE_WAIT; keeps the latest answer. */
    private final class UntrackedLook {

        private final UntrackedCloseWait untracked;
        private final Set<FourTuple> tracked = new java.util.HashSet<>();
        private List<UntrackedCloseWait.Found> latest = List.of();
        private final List<String> notes = new ArrayList<>();
        private boolean failed;

        UntrackedLook(UntrackedCloseWait untracked, List<Member> all) {
            this.untracked = untracked;
            all.forEach(member -> tracked.add(member.connection().tuple));
        }

        /** Looks again; returns whether any is found. A table that cannot be read ends the looks, with a note. */
        boolean look() {
            if (failed) {
                return false; // said so once
            }
            notes.clear();
            try {
                latest = untracked.find(tuple -> tracked.contains(tuple) || host.follows(tuple), notes);
            } catch (SocketTableException e) {
                latest = List.of();
                failed = true;
                notes.add("socketwatch could not look for sockets it does not instrument in CLOSE_WAIT: "
                        + e.getMessage());
            }
            return !latest.isEmpty();
        }

        /** Adds what the latest look found: as connections of a window that ran alone, else as a note. */
        void report(List<TcpConnection> connections, List<String> activityNotes) {
            activityNotes.addAll(notes);
            if (latest.isEmpty()) {
                return;
            }
            if (overlapped) {
                activityNotes.add("socketwatch found " + latest.size() + " socket(s) of this process in CLOSE_WAIT "
                        + "that it does not instrument (a native transport such as Netty's epoll or io_uring), but "
                        + "judged none: other threads' windows were open meanwhile, and such a socket cannot be tied "
                        + "to one: "
                        + String.join(", ", latest.stream().map(found -> found.entry().tuple().toString()).toList()));
                return;
            }
            for (UntrackedCloseWait.Found found : latest) {
                connections.add(untrackedFound.computeIfAbsent(found.entry().inode(), inode -> new TcpConnection(
                        host.nextId(), found.entry().tuple().local(), found.entry().tuple().remote(),
                        found.side(), Origin.UNTRACKED, clock.instant(), null, TcpConnection.ClosedFirst.PEER, 0, 0, 0,
                        io.socketwatch.model.OpeningSite.UNKNOWN, TcpState.CLOSE_WAIT, false)));
            }
        }
    }

    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
