package io.socketwatch.internal.tracker;

import io.socketwatch.internal.agent.boot.SocketEvents;
import io.socketwatch.internal.os.FourTuple;
import io.socketwatch.model.ClientResource;
import io.socketwatch.model.TcpConnection.Origin;
import io.socketwatch.model.TcpConnection.Side;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's sink: hands each socket event to the part of the tracker it concerns, and new connections to the
 * recording windows. Its parts: the open sockets ({@link OpenSockets}), the TLS ends over them ({@link TlsEnds}), the
 * client resources ({@link ClientResources}) and the pool requests begun in a window that a pool answers on another
 * thread (Reactor Netty's, {@link BegunObjects}), connects made on another thread's behalf ({@link ConnectsOnBehalf}),
 * the sites of Reactor's scheduler tasks ({@link TaskSites}), the open windows and each thread's ({@link
 * WindowRegistry}), and the baseline of windows that started before a native transport loaded ({@link
 * NativeTransportBaseline}). Its windows see it as their {@link RecordingHost}.
 *
 * <p>A connection belongs to the window of the thread that opened it, or of the thread that created that thread
 * (an inheritable thread-local), or of the thread that submitted the executor task that opened it ({@link
 * TaskWindows}), or of the call or channel a client library's thread connects for; a connection opened by any other
 * thread goes to every open window as {@link Origin#UNATTRIBUTED}.
 */
final class ConnectionTracker implements SocketEvents.Sink, RecordingHost {

    /** One sequence of ids for the connections, resources and untracked sockets that windows report. */
    private final AtomicLong ids = new AtomicLong();
    private final OpenSockets sockets;
    private final TlsEnds tls;
    private final ClientResources resources;
    private final ConnectsOnBehalf onBehalf;
    private final BegunObjects acquisitions = new BegunObjects();
    private final TaskSites taskSites = new TaskSites();
    private final BuiltClients clients = new BuiltClients();
    private final WindowRegistry windows = new WindowRegistry();
    private final NativeTransportBaseline nativeTransport = new NativeTransportBaseline();
    private final Clock clock;

    /** A tracker that receives no socket events until {@link #installed} makes one the sink; tests use it alone. */
    ConnectionTracker(Clock clock) {
        this.clock = clock;
        this.sockets = new OpenSockets(ids, clock, windows::adopted);
        this.tls = new TlsEnds(sockets);
        this.resources = new ClientResources(ids, clock);
        this.onBehalf = new ConnectsOnBehalf(resources);
    }

    /** Creates the tracker and makes it the sink of every socket event from now on. */
    static ConnectionTracker installed(Clock clock) {
        ConnectionTracker tracker = new ConnectionTracker(clock);
        SocketEvents.install(tracker);
        return tracker;
    }

    @Override
    public void connectPending(Object socket) {
        PendingConnect behalf = onBehalf.connectingFor();
        sockets.connectPending(socket,
                behalf != null ? behalf : new PendingConnect(OpeningSites.capture(), windows.current()));
    }

    @Override
    public void connected(Object reported) {
        Object socket = UnderlyingSockets.socketEventsName(reported);
        PendingConnect started = sockets.connectCompleted(socket);
        PendingConnect behalf = onBehalf.connectingFor(); // also when started: a channel's mark serves one connect
        PendingConnect by = started != null ? started : behalf;
        TrackedConnection connection = sockets.opened(socket, Side.CLIENT, by != null ? by.site() : null);
        if (connection != null) {
            clients.opened(connection, socket);
        }
        opened(connection, by != null ? by.window() : windows.current());
    }

    @Override
    public void accepted(Object socket) {
        InstrumentedRecording window = windows.current();
        opened(sockets.opened(socket, Side.SERVER, null), window);
    }

    /** Hands a connection just opened, unless {@code null}, to its window or to every window. */
    private void opened(TrackedConnection connection, InstrumentedRecording window) {
        if (connection != null) {
            windows.admit(connection, window);
            sockets.drainCollected();
        }
    }

    @Override
    public void closing(Object socket) {
        sockets.closing(socket);
    }

    @Override
    public void read(Object socket, long bytes) {
        sockets.read(socket, bytes);
    }

    @Override
    public void writing(Object socket) {
        sockets.writing(socket);
    }

    @Override
    public void written(Object socket, long bytes) {
        sockets.written(socket, bytes);
    }

    @Override
    public void tlsStarting(Object tlsEnd, Object transport) {
        tls.starting(tlsEnd, transport);
    }

    @Override
    public void tlsRead(Object tlsEnd, long bytes) {
        tls.read(tlsEnd);
    }

    @Override
    public void tlsWriting(Object tlsEnd) {
        tls.writing(tlsEnd);
    }

    @Override
    public void exchangeStarting(Object connection) {
        Object socket = UnderlyingSockets.socketOf(connection);
        TrackedConnection tracked = socket == null ? null : sockets.connectionOf(socket);
        if (tracked != null) {
            tracked.onLibraryExchange();
        }
    }

    @Override
    public void acquired(Object resource, String kindName, Object source) {
        List<InstrumentedRecording> recording = windows.recipients();
        if (recording.isEmpty()) {
            return; // only windows judge resources: outside them there is nothing to follow
        }
        resources.acquired(resource, kindName, source, recording);
    }

    /**
     * Remembers the site and window of a request begun in a recording window, or of the request it retries. One begun
     * outside windows is never followed: in flight across tests (a background poller's), it belongs to none.
     */
    @Override
    public void acquireStarting(Object request, Object retryOf) {
        PendingConnect begin = acquisitions.of(retryOf);
        if (begin == null && retryOf == null) {
            InstrumentedRecording window = windows.current();
            if (window != null && window.isRecording()) {
                begin = new PendingConnect(taskSites.siteFor(OpeningSites.capture()), window);
            }
        }
        if (begin != null) {
            acquisitions.began(request, begin);
        }
    }

    @Override
    public void acquiredFor(Object resource, String kindName, Object source, Object request) {
        PendingConnect begin = acquisitions.of(request);
        if (begin == null || !begin.window().isRecording()) {
            return; // begun outside windows, or its window is over
        }
        resources.acquired(resource, kindName, source, begin.site(), List.of(begin.window()));
        Object socket = UnderlyingSockets.socketOfChannel(
                ClientTargets.channelOf(ClientResource.Kind.valueOf(kindName), resource));
        TrackedConnection connection = socket == null ? null : sockets.connectionOf(socket);
        if (connection != null) {
            connection.acquiredFromPool(begin.site()); // the pool opened it on its event loop, for this request
        }
    }

    @Override
    public void siteTaskCreated(Object task) {
        InstrumentedRecording window = windows.current();
        if (window != null && window.isRecording()) {
            taskSites.created(task, window);
        }
    }

    @Override
    public void siteTaskRunning(Object task) {
        taskSites.running(task);
    }

    @Override
    public void released(Object resource) {
        resources.released(resource);
    }

    @Override
    public void releasedTo(Object resource, Object pool) {
        resources.releasedTo(resource, pool);
    }

    /** Outside windows nothing is remembered: the connection is unattributed wherever it is made. */
    @Override
    public void connectStarting(Object connection) {
        InstrumentedRecording window = windows.current();
        if (window != null && window.isRecording()) {
            onBehalf.connectStarting(connection, window);
        }
    }

    @Override
    public void clientBuilt(Object client) {
        clients.built(client);
    }

    @Override
    public void connectingFor(Object pool) {
        clients.connectingFor(pool);
    }

    @Override
    public void socketFor(Object socket, Object client) {
        clients.socketFor(socket, client);
    }

    @Override
    public void onBehalfOf(Object resource) {
        onBehalf.onBehalfOf(resource);
    }

    @Override
    public void taskSubmitted(Object task, boolean perRun) {
        windows.taskSubmitted(task, perRun);
    }

    @Override
    public void taskStarting(Object task, boolean outermost) {
        windows.taskStarting(task, outermost);
    }

    @Override
    public void forkJoinTaskStarting(Object task) {
        windows.forkJoinTaskStarting(task);
    }

    @Override
    public void forkJoinTaskEnded(Object task) {
        windows.forkJoinTaskEnded(task);
    }

    @Override
    public void taskEnded(Object task) {
        windows.taskEnded(task);
    }

    @Override
    public void keptAlive(Object client) {
        sockets.keptAlive(client);
    }

    @Override
    public void keepAliveDraining(Object client) {
        sockets.keepAliveDraining(client);
    }

    @Override
    public void redirectFollowing(Object client) {
        sockets.redirectFollowing(client);
    }

    /** Returns the connections of the JVM that are open now: a live view. */
    Collection<TrackedConnection> openConnections() {
        return sockets.connections();
    }

    /** Opens a window on the calling thread; threads it creates from now on belong to it too. */
    InstrumentedRecording openWindow(Duration settleTimeout, int maxConnections, StateLookup states,
                                     boolean looksForUntracked, boolean looksOnceNativeTransportLoads) {
        sockets.drainCollected();
        InstrumentedRecording window = new InstrumentedRecording(this, settleTimeout, maxConnections, states, clock,
                sockets.connections(), looksForUntracked, looksOnceNativeTransportLoads, windows.currentReference());
        windows.opened(window);
        return window;
    }

    /** See {@link NativeTransportBaseline#transportDefined}: returns at once. */
    void nativeTransportDefined(StateLookup states) {
        nativeTransport.transportDefined(states);
    }

    @Override
    public void findCollected(List<TrackedConnection> own) {
        sockets.findCollected(own);
    }

    @Override
    public TrackedConnection following(FourTuple tuple) {
        return sockets.following(tuple);
    }

    @Override
    public long nextId() {
        return ids.incrementAndGet();
    }

    @Override
    public UntrackedCloseWait untrackedSinceNativeTransport(List<String> notes) {
        return nativeTransport.untrackedSince(notes);
    }

    @Override
    public void windowStopped(InstrumentedRecording window) {
        windows.stopped(window);
        onBehalf.forget(window); // a channel it began and never connected: the window is done with it
        acquisitions.forget(window);
        taskSites.forget(window);
    }
}
