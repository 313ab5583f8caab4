package io.socketwatch.internal.tracker;

import io.socketwatch.internal.tracker.Membership.Member;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection.Origin;
import java.lang.ref.WeakReference;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One recording window: the connections handed to it while it records, plus those open when it started that it used
 * or closed (the baseline, whose counters it reports as deltas; an idle pool costs a test nothing but their counters'
 * snapshot). Taking its activity settles the connections first. Its parts: the {@link Membership}, the {@link
 * Settler}, the {@link UntrackedLook} when it looks for untracked sockets, and the {@link ActivityBuilder}; the
 * tracker that opened it is its {@link RecordingHost}.
 */
final class InstrumentedRecording implements Recording {

    private final RecordingHost host;
    private final Clock clock;
    private final ActivityBuilder activities;
    private final Membership membership;
    private final Settler settler;
    private final StateLookup states;
    /**
     * Looks for sockets the agent does not see in CLOSE_WAIT; {@code null} while the window does not. An {@code AUTO}
     * window that started before any native transport was loaded looks once one is, from the OS table read then.
     */
    private UntrackedLook untracked;
    private final boolean looksOnceNativeTransportLoads;
    /** The thread that opened the window: windows of other threads open meanwhile make untracked sockets unowned. */
    final Thread openedBy = Thread.currentThread();
    /** The window the opening thread belonged to when this one was opened; it belongs to it again afterwards. */
    final WeakReference<InstrumentedRecording> outer;
    private volatile boolean overlapped;
    private volatile boolean recording = true;
    private SocketActivity stopped;
    private LeftBehind leftBehind = LeftBehind.NONE;

    InstrumentedRecording(RecordingHost host, Duration settleTimeout, int maxConnections, StateLookup states,
                          Clock clock, Collection<TrackedConnection> openNow, boolean looksForUntracked,
                          boolean looksOnceNativeTransportLoads, WeakReference<InstrumentedRecording> outer) {
        this.host = host;
        this.outer = outer;
        this.clock = clock;
        this.activities = new ActivityBuilder(states, clock, maxConnections);
        this.membership = new Membership(openNow, maxConnections);
        this.settler = new Settler(states, settleTimeout);
        this.states = states;
        this.untracked = looksForUntracked ? new UntrackedLook(new UntrackedCloseWait(states), host, clock) : null;
        this.looksOnceNativeTransportLoads = looksOnceNativeTransportLoads && !looksForUntracked;
    }

    /** Returns the look for untracked sockets, or null while the window does not look. */
    private synchronized UntrackedLook untracked(List<String> notes) {
        if (untracked == null && looksOnceNativeTransportLoads) {
            UntrackedCloseWait sinceNativeTransport = host.untrackedSinceNativeTransport(notes);
            if (sinceNativeTransport != null) {
                untracked = new UntrackedLook(sinceNativeTransport, host, clock);
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
        if (recording) {
            membership.add(connection, origin);
        }
    }

    /**
     * Adds to the baseline a connection that was open when the window started but unknown to the tracker: one opened
     * before the agent was installed, adopted on its first read or write.
     */
    void addBaseline(TrackedConnection connection) {
        if (recording) {
            membership.addBaseline(connection);
        }
    }

    /** Adds a client-level resource obtained while recording; past the cap it is only counted. */
    void addResource(TrackedResource resource) {
        if (recording) {
            membership.addResource(resource);
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
            if (!stopped.connections().isEmpty()) { // most windows see no connection
                leftBehind = LeftBehind.of(membership.connections(), stopped, host, states);
            }
            membership.resources().forEach(TrackedResource::forget);
        }
        return stopped;
    }

    @Override
    public synchronized LeftBehind leftBehind() {
        return leftBehind;
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
        List<Member> connections = membership.connections();
        List<TrackedResource> resources = membership.resources();
        List<String> notes = new ArrayList<>();
        UntrackedLook untracked = untracked(notes);
        if (connections.isEmpty() && resources.isEmpty() && untracked == null) { // saw nothing: most windows
            host.findCollected(List.of());
            return activities.empty(membership.dropped(), notes);
        }
        // only the window's own sockets that their client may have dropped justify a garbage collection; others' are
        // reported if already collected
        List<TrackedConnection> own = new ArrayList<>();
        for (Member member : connections) {
            TrackedConnection connection = member.connection();
            if (member.origin() == Origin.WINDOW && connection.isOpen() && !SocketKeepers.keepsReachable(connection)) {
                own.add(connection);
            }
        }
        host.findCollected(own);
        UntrackedLook.Settling look = untracked == null ? null : untracked.settling(connections, () -> overlapped);
        Settler.Settled settled = settler.settle(connections, resources, look, notes);
        return activities.build(connections, settled, look, resources, membership.dropped(), notes);
    }
}
