package io.socketwatch.internal.tracker;

import io.socketwatch.internal.agent.boot.SocketEvents;
import io.socketwatch.internal.os.FourTuple;
import io.socketwatch.model.ClientResource;
import io.socketwatch.model.TcpConnection.Origin;
import io.socketwatch.model.TcpConnection.Side;
import java.io.IOException;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's sink: keeps a record of every open connection of the JVM and hands new ones to the recording windows.
 *
 * <p>A connection belongs to the window of the thread that opened it, or of the thread that created that thread
 * (an inheritable thread-local), or of the thread that submitted the executor task that opened it ({@link
 * TaskWindows}); a connection opened by any other thread goes to every open window as {@link Origin#UNATTRIBUTED}.
 * Sockets are held weakly: one collected while open is reported as such.
 */
final class ConnectionTracker implements SocketEvents.Sink {

    private static final InheritableThreadLocal<WeakReference<InstrumentedRecording>> CURRENT_WINDOW = new InheritableThreadLocal<>();
    private static final WeakReference<InstrumentedRecording> NO_WINDOW = new WeakReference<>(null);
    /** The call a client library's thread connects for, between {@link #onBehalfOf} calls. */
    private static final ThreadLocal<TrackedResource> ON_BEHALF_OF = new ThreadLocal<>();
    /** The channel a library's thread connects, begun by a window's thread ({@link #connectStarting}): used once. */
    private static final ThreadLocal<PendingConnect> CONNECTING_CHANNEL = new ThreadLocal<>();
    /** The Netty channel whose {@code doConnect} the agent hooks: the only one {@link #connectStarting} notes. */
    private static final String NETTY_NIO_SOCKET_CHANNEL = "io.netty.channel.socket.nio.NioSocketChannel";

    private final ConcurrentHashMap<Object, TrackedConnection> open = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Object, TrackedResource> held = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> collectedResources = new ReferenceQueue<>();
    private final ConcurrentHashMap<Object, PendingConnect> pending = new ConcurrentHashMap<>();
    /** Channels a window's thread began to connect, held weakly, with its site and window, until connected. */
    private final ConcurrentHashMap<Object, PendingConnect> begun = new ConcurrentHashMap<>();
    private final ReferenceQueue<Object> neverConnected = new ReferenceQueue<>();
    private final ReferenceQueue<Object> collectedSockets = new ReferenceQueue<>();
    private final List<InstrumentedRecording> windows = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final SharedEndpoints endpoints = new SharedEndpoints();
    private final TaskWindows tasks = new TaskWindows(CURRENT_WINDOW);
    private final Clock clock;
    /**
     * The CLOSE_WAIT rows there were when a native transport was first defined in this JVM, read on a thread of its
     * own: the baseline of the {@code AUTO} windows that had started before it and so did not look. Null before.
     */
    private volatile CompletableFuture<UntrackedCloseWait> sinceNativeTransport;

    /** Where and by whom a non-blocking connect was started, kept until it completes. */
    private record PendingConnect(CapturedSite site, InstrumentedRecording window) {
    }

    /** A tracker that receives no socket events until {@link #installed} makes one the sink; tests use it alone. */
    ConnectionTracker(Clock clock) {
        this.clock = clock;
    }

    /** Creates the tracker and makes it the sink of every socket event from now on. */
    static ConnectionTracker installed(Clock clock) {
        ConnectionTracker tracker = new ConnectionTracker(clock);
        SocketEvents.install(tracker);
        return tracker;
    }

    @Override
    public void connectPending(Object socket) {
        PendingConnect behalf = connectingFor();
        PendingConnect started = behalf != null ? behalf : new PendingConnect(OpeningSites.capture(), currentWindow());
        pending.put(new SocketKey.Weak(socket, null), started);
        drainCollected();
    }

    @Override
    public void connected(Object socket) {
        PendingConnect started = pending.isEmpty() ? null : pending.remove(SocketKey.probe(socket));
        PendingConnect behalf = connectingFor();
        if (started != null) {
            opened(socket, Side.CLIENT, started.site(), started.window());
        } else if (behalf != null) {
            opened(socket, Side.CLIENT, behalf.site(), behalf.window());
        } else {
            opened(socket, Side.CLIENT, null, currentWindow());
        }
    }

    @Override
    public void accepted(Object socket) {
        opened(socket, Side.SERVER, null, currentWindow());
    }

    @Override
    public void closing(Object socket) {
        if (!pending.isEmpty()) {
            pending.remove(SocketKey.probe(socket));
        }
        TrackedConnection connection = open.remove(SocketKey.probe(socket));
        if (connection != null) {
            connection.onClose(clock.instant());
            // a closed socket's collection means nothing: cleared, its reference costs the collector no work and
            // never comes through the queue (after onClose, so that findCollected never takes it as collected)
            connection.key.clear();
        }
    }

    @Override
    public void read(Object socket, long bytes) {
        TrackedConnection connection = open.get(SocketKey.probe(socket));
        if (connection == null) {
            connection = adopt(socket);
        }
        if (connection != null) {
            connection.onRead(bytes);
        }
    }

    @Override
    public void writing(Object socket) {
        TrackedConnection connection = open.get(SocketKey.probe(socket));
        if (connection == null) {
            connection = adopt(socket);
        }
        if (connection != null) {
            connection.onWriteStarting();
        }
    }

    @Override
    public void written(Object socket, long bytes) {
        TrackedConnection connection = open.get(SocketKey.probe(socket));
        if (connection != null) {
            connection.onWritten(bytes);
        }
    }

    @Override
    public void acquired(Object resource, String kindName, Object source) {
        InstrumentedRecording window = currentWindow();
        List<InstrumentedRecording> recording = window != null && window.isRecording() ? List.of(window) : List.copyOf(windows);
        if (recording.isEmpty()) {
            return; // only windows judge resources: outside them there is nothing to follow
        }
        Reference<?> gone;
        while ((gone = collectedResources.poll()) != null) {
            held.remove(gone);
        }
        ClientResource.Kind kind = ClientResource.Kind.valueOf(kindName);
        TrackedResource tracked = new TrackedResource(ids.incrementAndGet(), kind,
                Secrets.redact(ClientTargets.of(kind, source)), OpeningSites.capture(), clock.instant(),
                ClientTargets.poolMaximumSize(kind, source), ClientTargets.poolKey(kind, source),
                new SocketKey.Weak(resource, collectedResources), recording.size() == 1 ? recording.get(0) : null);
        if (!tracked.isJdbc()) { // JDBC connections send no release event: they are asked instead
            held.put(tracked.key, tracked);
        }
        recording.forEach(each -> each.addResource(tracked));
    }

    /**
     * Remembers that the calling thread, in a window, begins to connect {@code connection} (a Netty channel that
     * {@code Bootstrap.connect} initialises here and its event loop connects): the loop's connect takes this thread's
     * site and window. Outside windows nothing is remembered: the connection is unattributed wherever it is made.
     */
    @Override
    public void connectStarting(Object connection) {
        InstrumentedRecording window = currentWindow();
        if (window == null || !window.isRecording() || !connectsThroughTheJdk(connection.getClass())) {
            return; // an epoll or datagram channel would never be connected for: its entry would keep the window
        }
        Reference<?> abandoned;
        while ((abandoned = neverConnected.poll()) != null) {
            begun.remove(abandoned);
        }
        begun.put(new SocketKey.Weak(connection, neverConnected), new PendingConnect(OpeningSites.capture(), window));
    }

    /** Whether {@code type} is Netty's NIO socket channel, whose connect the agent follows, or a subclass of it. */
    private static boolean connectsThroughTheJdk(Class<?> type) {
        for (Class<?> each = type; each != null; each = each.getSuperclass()) {
            if (each.getName().equals(NETTY_NIO_SOCKET_CHANNEL)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Marks the calling thread as connecting for {@code resource} (an OkHttp call, or a channel begun by {@link
     * #connectStarting}), or unmarks it. The agent marks at the entry of OkHttp's {@code connectTcp} and Netty's
     * {@code NioSocketChannel.doConnect} and unmarks at their normal return only (its hooks have no try/finally):
     * after a throw a call's mark stays until the thread's next mark, and {@link #connectingFor()} drops it once the
     * call is released, so a stale mark never outlives its call; a channel's mark serves one connect only.
     */
    @Override
    public void onBehalfOf(Object resource) {
        ON_BEHALF_OF.remove();
        CONNECTING_CHANNEL.remove();
        if (resource == null) {
            return;
        }
        TrackedResource call = held.get(SocketKey.probe(resource));
        if (call != null) {
            ON_BEHALF_OF.set(call);
            return;
        }
        PendingConnect channel = begun.isEmpty() ? null : begun.remove(SocketKey.probe(resource));
        if (channel != null) {
            CONNECTING_CHANNEL.set(channel);
        }
    }

    @Override
    public void released(Object resource) {
        TrackedResource tracked = held.remove(SocketKey.probe(resource));
        if (tracked != null) {
            tracked.onRelease();
        }
    }

    /** As {@link #released}; the pool tells first how many connections the resource's target may have. */
    @Override
    public void releasedTo(Object resource, Object pool) {
        TrackedResource tracked = held.remove(SocketKey.probe(resource));
        if (tracked != null) {
            tracked.poolMaximum(ClientTargets.maximumPerRoute(pool, tracked.poolKey));
            tracked.onRelease();
        }
    }

    @Override
    public void taskSubmitted(Object task, boolean perRun) {
        if (windows.isEmpty()) {
            return; // every task of the JVM comes here: outside windows, at the cost of a volatile read
        }
        WeakReference<InstrumentedRecording> current = CURRENT_WINDOW.get();
        if (current != null && current.get() != null) {
            tasks.submitted(task, current, perRun);
        }
    }

    @Override
    public void taskStarting(Object task, boolean outermost) {
        tasks.starting(task, outermost);
    }

    @Override
    public void forkJoinTaskStarting(Object task) {
        if (windows.isEmpty()) {
            return; // every ForkJoinTask run comes here; a frame would only lend a window that no longer records
        }
        tasks.startingForkJoinTask(task);
    }

    @Override
    public void forkJoinTaskEnded(Object task) {
        tasks.endedForkJoinTask((ForkJoinTask<?>) task);
    }

    @Override
    public void taskEnded(Object task) {
        tasks.ended(task);
    }

    /**
     * Returns the site and window the calling thread connects for: an OkHttp call's, unless released meanwhile, or a
     * channel's begun on another thread (then forgotten: it serves one connect); {@code null} if none.
     */
    private static PendingConnect connectingFor() {
        TrackedResource behalf = ON_BEHALF_OF.get();
        if (behalf != null) {
            if (!behalf.isReleased()) {
                return new PendingConnect(behalf.site, behalf.window);
            }
            ON_BEHALF_OF.remove();
        }
        PendingConnect channel = CONNECTING_CHANNEL.get();
        if (channel != null) {
            CONNECTING_CHANNEL.remove();
        }
        return channel;
    }

    /** Opens a window on the calling thread; threads it creates from now on belong to it too. */
    InstrumentedRecording openWindow(java.time.Duration settleTimeout, int maxConnections, StateLookup states,
                      boolean looksForUntracked, boolean looksOnceNativeTransportLoads) {
        drainCollected();
        WeakReference<InstrumentedRecording> outer = CURRENT_WINDOW.get();
        InstrumentedRecording window = new InstrumentedRecording(this, settleTimeout, maxConnections, states, clock, open.values(),
                looksForUntracked, looksOnceNativeTransportLoads, outer == null ? NO_WINDOW : outer);
        windows.add(window);
        // after adding: of two windows opened at once on two threads, the later add sees the earlier window
        for (InstrumentedRecording other : windows.size() < 2 ? List.<InstrumentedRecording>of() : windows) { // alone: most tests
            if (other.openedBy != window.openedBy) {
                other.overlapped();
                window.overlapped();
            }
        }
        CURRENT_WINDOW.set(new WeakReference<>(window));
        return window;
    }

    /**
     * Reads, on a new thread, the CLOSE_WAIT rows there are as the JVM defines a native transport's first class, before
     * any of its sockets can exist. Runs on the defining thread, inside a class file transformer: returns at once.
     */
    void nativeTransportDefined(StateLookup states) {
        CompletableFuture<UntrackedCloseWait> baseline = new CompletableFuture<>();
        sinceNativeTransport = baseline;
        Thread reader = new Thread(() -> {
            try {
                baseline.complete(new UntrackedCloseWait(states));
            } catch (RuntimeException | LinkageError e) { // else every window would wait its full second for it
                baseline.completeExceptionally(e);
            }
        }, "socketwatch: CLOSE_WAIT rows as a native transport loads");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Returns the look for untracked sockets in CLOSE_WAIT whose baseline was read when a native transport was first
     * defined, waiting at most 1 s for that read, or null if no transport was defined since the agent's installation.
     *
     * @param notes told, in a sentence, why there is no look when the read failed or is late
     */
    UntrackedCloseWait untrackedSinceNativeTransport(List<String> notes) {
        CompletableFuture<UntrackedCloseWait> baseline = sinceNativeTransport;
        if (baseline == null) {
            return null;
        }
        try {
            return baseline.get(1, TimeUnit.SECONDS); // read long before its sockets could reach CLOSE_WAIT
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            notes.add("socketwatch did not look for sockets it does not instrument in CLOSE_WAIT: interrupted");
        } catch (ExecutionException | TimeoutException e) {
            notes.add("socketwatch did not look for sockets it does not instrument in CLOSE_WAIT: the OS table read "
                    + "when a native transport was loaded during this test " + (e instanceof TimeoutException
                    ? "took more than 1 s" : "failed (" + e.getCause() + ")"));
        }
        return null;
    }

    /** Returns a new id, in the sequence of the connections' ids. */
    long nextId() {
        return ids.incrementAndGet();
    }

    /** Returns whether an open connection the tracker follows has this 4-tuple. Walks every open connection. */
    boolean follows(FourTuple tuple) {
        for (TrackedConnection connection : open.values()) {
            if (connection.tuple.equals(tuple)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Removes a stopped window; the calling thread no longer belongs to it, but again to the window it belonged to
     * when this one was opened, if that one still records.
     */
    void closeWindow(InstrumentedRecording window) {
        windows.remove(window);
        tasks.drainCollected();
        if (!begun.isEmpty()) { // a channel it began and never connected: the window is done with it
            begun.values().removeIf(started -> started.window() == window);
        }
        WeakReference<InstrumentedRecording> current = CURRENT_WINDOW.get();
        if (current != null && current.get() == window) {
            InstrumentedRecording outer = window.outer.get();
            if (outer != null && outer.isRecording()) {
                CURRENT_WINDOW.set(window.outer); // a window opened inside another on this thread
            } else {
                CURRENT_WINDOW.set(NO_WINDOW); // not removed: the thread's next window reuses the entry
            }
        }
    }

    /** Marks the connections whose sockets were collected while open. */
    void drainCollected() {
        Reference<?> collected;
        while ((collected = collectedSockets.poll()) != null) {
            TrackedConnection connection = open.remove(collected);
            if (connection != null) {
                connection.onCollected(clock.instant());
            }
        }
    }

    /**
     * Decides which of {@code connections}, still open, were dropped by the application: runs a garbage collection
     * (only when one of them is open) and marks those whose socket object is gone. Bounded: one collection.
     */
    void findCollected(List<TrackedConnection> connections) {
        drainCollected();
        if (connections.stream().noneMatch(TrackedConnection::isOpen)) {
            return;
        }
        System.gc();
        for (TrackedConnection connection : connections) {
            if (connection.isOpen() && connection.key.get() == null) {
                open.remove(connection.key);
                connection.onCollected(clock.instant());
            }
        }
    }

    private void opened(Object socket, Side side, CapturedSite knownSite, InstrumentedRecording window) {
        if (open.containsKey(SocketKey.probe(socket))) {
            // blockingConnect and connect both report some connects, and finishConnect reports every call that
            // returns true, also on a channel connected long ago
            return;
        }
        FourTuple tuple;
        try {
            tuple = SocketAddresses.of(socket);
        } catch (IOException closedMeanwhile) {
            return;
        }
        if (tuple == null) {
            return;
        }
        CapturedSite site = knownSite != null ? knownSite : OpeningSites.capture();
        TrackedConnection connection = new TrackedConnection(ids.incrementAndGet(),
                new SocketKey.Weak(socket, collectedSockets), endpoints.share(tuple, side), side, clock.instant(), site);
        open.put(connection.key, connection);
        if (window != null && window.isRecording()) {
            window.add(connection, Origin.WINDOW);
        } else {
            for (InstrumentedRecording each : windows) {
                each.add(connection, Origin.UNATTRIBUTED);
            }
        }
        drainCollected();
    }

    /**
     * Starts following a connection first seen on a read or write: one opened before the agent was installed. It
     * predates every window, so it is part of none; it counts from now on for windows opened later.
     */
    private TrackedConnection adopt(Object socket) {
        FourTuple tuple;
        try {
            tuple = SocketAddresses.of(socket);
        } catch (IOException closed) {
            return null;
        }
        if (tuple == null) {
            return null;
        }
        TrackedConnection connection = new TrackedConnection(ids.incrementAndGet(),
                new SocketKey.Weak(socket, collectedSockets), tuple, Side.CLIENT, clock.instant(), CapturedSite.UNKNOWN);
        TrackedConnection raced = open.putIfAbsent(connection.key, connection);
        return raced != null ? raced : connection;
    }

    private static InstrumentedRecording currentWindow() {
        WeakReference<InstrumentedRecording> current = CURRENT_WINDOW.get();
        return current == null ? null : current.get();
    }
}
