package io.socketwatch.internal.agent;

import static io.socketwatch.internal.agent.Hook.NULL;
import static io.socketwatch.internal.agent.Hook.RETURNED;
import static io.socketwatch.internal.agent.Hook.THIS;
import static io.socketwatch.internal.agent.Hook.atEntry;
import static io.socketwatch.internal.agent.Hook.atExit;

import io.socketwatch.internal.agent.Hook.Argument;
import io.socketwatch.internal.agent.Hook.Field;
import io.socketwatch.internal.agent.Hook.Relay;
import io.socketwatch.internal.agent.Hook.Text;
import java.util.ArrayList;
import java.util.List;

/**
 * Where socketwatch reports to {@code SocketEvents}: the JDK's socket implementations, and the points where client
 * libraries hand the application a connection and take it back. Every relay method catches what its sink throws, so
 * the inserted calls throw nothing into the instrumented code; exit hooks fire only on a normal return.
 */
final class Hooks {

    private static final String EVENTS = "io/socketwatch/internal/agent/boot/SocketEvents";
    private static final Relay CONNECTED = relay("connected", "(Ljava/lang/Object;)V");
    private static final Relay CONNECT_RETURNED = relay("connectReturned", "(Ljava/lang/Object;Z)V");
    private static final Relay CONNECT_FINISHED = relay("connectFinished", "(Ljava/lang/Object;Z)V");
    private static final Relay ACCEPTED = relay("accepted", "(Ljava/lang/Object;)V");
    private static final Relay CLOSING = relay("closing", "(Ljava/lang/Object;)V");
    private static final Relay READ = relay("read", "(Ljava/lang/Object;J)V");
    private static final Relay WRITING = relay("writing", "(Ljava/lang/Object;)V");
    private static final Relay WRITTEN = relay("written", "(Ljava/lang/Object;J)V");
    private static final Relay ACQUIRED = relay("acquired",
            "(Ljava/lang/Object;Ljava/lang/String;Ljava/lang/Object;)V");
    private static final Relay ACQUIRE_STARTING = relay("acquireStarting", "(Ljava/lang/Object;Ljava/lang/Object;)V");
    private static final Relay ACQUIRED_FOR = relay("acquiredFor",
            "(Ljava/lang/Object;Ljava/lang/String;Ljava/lang/Object;Ljava/lang/Object;)V");
    private static final Relay SITE_TASK_CREATED = relay("siteTaskCreated", "(Ljava/lang/Object;)V");
    private static final Relay SITE_TASK_RUNNING = relay("siteTaskRunning", "(Ljava/lang/Object;)V");
    private static final Relay RELEASED = relay("released", "(Ljava/lang/Object;)V");
    private static final Relay RELEASED_TO = relay("releasedTo", "(Ljava/lang/Object;Ljava/lang/Object;)V");
    private static final Relay KEPT_ALIVE = relay("keptAlive", "(Ljava/lang/Object;)V");
    private static final Relay KEEP_ALIVE_DRAINING = relay("keepAliveDraining", "(Ljava/lang/Object;)V");
    private static final Relay REDIRECT_FOLLOWING = relay("redirectFollowing", "(Ljava/lang/Object;)V");
    private static final Relay ON_BEHALF_OF = relay("onBehalfOf", "(Ljava/lang/Object;)V");
    private static final Relay CONNECT_STARTING = relay("connectStarting", "(Ljava/lang/Object;)V");
    private static final Relay TASK_SUBMITTED = relay("taskSubmitted", "(Ljava/lang/Object;)V");
    private static final Relay TASK_EXECUTED = relay("taskExecuted", "(Ljava/lang/Object;)V");
    private static final Relay TASK_STARTING = relay("taskStarting", "(Ljava/lang/Object;)V");
    private static final Relay WORKER_TASK_STARTING = relay("workerTaskStarting", "(Ljava/lang/Object;)V");
    private static final Relay TASK_ENDED = relay("taskEnded", "(Ljava/lang/Object;)V");
    private static final Relay FORK_JOIN_TASK_STARTING = relay("forkJoinTaskStarting", "(Ljava/lang/Object;)V");
    private static final Relay FORK_JOIN_TASK_ENDED = relay("forkJoinTaskEnded", "(Ljava/lang/Object;)V");
    private static final Relay EXCHANGE_STARTING = relay("exchangeStarting", "(Ljava/lang/Object;)V");
    private static final Relay TLS_STARTING = relay("tlsStarting", "(Ljava/lang/Object;Ljava/lang/Object;)V");
    private static final Relay TLS_READ = relay("tlsRead", "(JLjava/lang/Object;)V");
    private static final Relay TLS_WRITING = relay("tlsWriting", "(Ljava/lang/Object;)V");
    private static final Relay ENGINE_WRAPPED = relay("engineWrapped", "(Ljava/lang/Object;Ljava/lang/Object;)V");
    private static final Relay CLIENT_BUILT = relay("clientBuilt", "(Ljava/lang/Object;)V");
    private static final Relay CONNECTING_FOR = relay("connectingFor", "(Ljava/lang/Object;)V");
    private static final Relay SOCKET_FOR = relay("socketFor", "(Ljava/lang/Object;Ljava/lang/Object;)V");
    private static final Relay ENGINE_UNWRAPPED = relay("engineUnwrapped", "(Ljava/lang/Object;Ljava/lang/Object;)V");

    static final String NIO_SOCKET_IMPL = "sun/nio/ch/NioSocketImpl";
    static final String SOCKET_CHANNEL_IMPL = "sun/nio/ch/SocketChannelImpl";
    static final String SERVER_SOCKET_CHANNEL_IMPL = "sun/nio/ch/ServerSocketChannelImpl";

    static final String FUTURE_TASK = "java/util/concurrent/FutureTask";
    static final String THREAD_POOL_EXECUTOR = "java/util/concurrent/ThreadPoolExecutor";
    static final String FORK_JOIN_TASK = "java/util/concurrent/ForkJoinTask";
    /** {@code ForkJoinTask.doExec}: {@code final int doExec()} on JDK 17, {@code final void doExec()} on JDK 25. */
    static final List<String> DO_EXEC = List.of("()I", "()V");
    static final String ASYNC_SUPPLY = "java/util/concurrent/CompletableFuture$AsyncSupply";
    static final String ASYNC_RUN = "java/util/concurrent/CompletableFuture$AsyncRun";
    static final String COMPLETION = "java/util/concurrent/CompletableFuture$Completion";

    static final String SSL_SOCKET = "sun/security/ssl/SSLSocketImpl";
    static final String SSL_ENGINE = "sun/security/ssl/SSLEngineImpl";
    static final String JDK_HTTP_SSL_TUBE = "jdk/internal/net/http/common/SSLTube";
    /** {@code SSLEngineImpl}'s {@code wrap} and {@code unwrap} that the others call. */
    private static final String ENGINE_OPERATION =
            "([Ljava/nio/ByteBuffer;II[Ljava/nio/ByteBuffer;II)Ljavax/net/ssl/SSLEngineResult;";

    static final String DRIVER_MANAGER = "java/sql/DriverManager";
    static final String OKHTTP_CALL = "okhttp3/internal/connection/RealCall";
    static final String JDK_HTTP2_CONNECTION = "jdk/internal/net/http/Http2Connection";
    static final String OKHTTP_CONNECT_PLAN = "okhttp3/internal/connection/ConnectPlan";
    static final String OKHTTP_CLIENT = "okhttp3/OkHttpClient";
    static final String JDK_HTTP_CLIENT = "jdk/internal/net/http/HttpClientImpl";
    static final String JDK_HTTP_CONNECTION = "jdk/internal/net/http/PlainHttpConnection";
    static final String HIKARI_DATA_SOURCE = "com/zaxxer/hikari/HikariDataSource";
    static final String APACHE_MANAGER = "org/apache/hc/client5/http/impl/io/PoolingHttpClientConnectionManager";
    static final String APACHE_ENDPOINT = APACHE_MANAGER + "$InternalConnectionEndpoint";
    static final String URL_CONNECTION_CLIENT = "sun/net/www/http/HttpClient";
    static final String URL_CONNECTION_CLEANER_ENTRY = "sun/net/www/http/KeepAliveCleanerEntry";
    static final String URL_CONNECTION = "sun/net/www/protocol/http/HttpURLConnection";
    static final String NETTY_EVENT_LOOP = "io/netty/util/concurrent/SingleThreadEventExecutor";
    static final String NETTY_EXECUTOR = "io/netty/util/concurrent/AbstractEventExecutor";
    static final String NETTY_BOOTSTRAP = "io/netty/bootstrap/Bootstrap";
    static final String NETTY_NIO_CHANNEL = "io/netty/channel/socket/nio/NioSocketChannel";
    static final String NETTY_FILE_DESCRIPTOR = "io/netty/channel/unix/FileDescriptor";
    static final String NETTY_UNIX_SOCKET = "io/netty/channel/unix/Socket";
    static final String NETTY_EPOLL_CHANNEL = "io/netty/channel/epoll/AbstractEpollChannel";
    static final String NETTY_EPOLL_SOCKET_CHANNEL = "io/netty/channel/epoll/EpollSocketChannel";
    static final String NETTY_URING_UNSAFE = "io/netty/channel/uring/AbstractIoUringChannel$AbstractUringUnsafe";
    static final String NETTY_URING_SOCKET_CHANNEL = "io/netty/channel/uring/IoUringSocketChannel";
    /** The prefix gRPC's shaded copy of Netty adds to Netty's class names, in internal form. */
    static final String GRPC_SHADED = "io/grpc/netty/shaded/";
    static final String REACTOR_ACQUIRE = "reactor/netty/resources/DefaultPooledConnectionProvider$DisposableAcquire";
    static final String REACTOR_POOL = "reactor/netty/internal/shaded/reactor/pool/";
    static final String REACTOR_POOLED_REF = REACTOR_POOL + "SimpleDequePool$QueuePooledRef";
    static final String REACTOR_GRACEFUL_REF = REACTOR_POOL + "decorators/GracefulShutdownInstrumentedPool$GracefulRef";
    static final String REACTOR_WORKER_TASK = "reactor/core/scheduler/WorkerTask";
    static final String REACTOR_SCHEDULER_TASK = "reactor/core/scheduler/SchedulerTask";

    private Hooks() {
    }

    /** The JDK's three socket classes, the same in JDK 17 to 25: connects, accepts, closes, reads and writes. */
    static List<Hook> jdkSockets() {
        return List.of(
                atExit(NIO_SOCKET_IMPL, "connect", "(Ljava/net/SocketAddress;I)V", CONNECTED, THIS),
                atExit(NIO_SOCKET_IMPL, "accept", "(Ljava/net/SocketImpl;)V", ACCEPTED, new Argument(0)),
                atEntry(NIO_SOCKET_IMPL, "close", "()V", CLOSING, THIS),
                atExit(NIO_SOCKET_IMPL, "read", "([BII)I", READ, THIS, RETURNED),
                // returns nothing and writes its whole len argument unless it throws
                atEntry(NIO_SOCKET_IMPL, "write", "([BII)V", WRITING, THIS),
                atExit(NIO_SOCKET_IMPL, "write", "([BII)V", WRITTEN, THIS, new Argument(2)),

                // connected now, or pending when non-blocking
                atExit(SOCKET_CHANNEL_IMPL, "connect", "(Ljava/net/SocketAddress;)Z", CONNECT_RETURNED, THIS, RETURNED),
                // true also when called again on a connected channel: the tracker ignores a socket it already has open
                atExit(SOCKET_CHANNEL_IMPL, "finishConnect", "()Z", CONNECT_FINISHED, THIS, RETURNED),
                atExit(SOCKET_CHANNEL_IMPL, "blockingConnect", "(Ljava/net/SocketAddress;J)V", CONNECTED, THIS),
                atEntry(SOCKET_CHANNEL_IMPL, "implCloseSelectableChannel", "()V", CLOSING, THIS),
                atExit(SOCKET_CHANNEL_IMPL, "read", "(Ljava/nio/ByteBuffer;)I", READ, THIS, RETURNED),
                atExit(SOCKET_CHANNEL_IMPL, "read", "([Ljava/nio/ByteBuffer;II)J", READ, THIS, RETURNED),
                atExit(SOCKET_CHANNEL_IMPL, "blockingRead", "([BIIJ)I", READ, THIS, RETURNED),
                atEntry(SOCKET_CHANNEL_IMPL, "write", "(Ljava/nio/ByteBuffer;)I", WRITING, THIS),
                atExit(SOCKET_CHANNEL_IMPL, "write", "(Ljava/nio/ByteBuffer;)I", WRITTEN, THIS, RETURNED),
                atEntry(SOCKET_CHANNEL_IMPL, "write", "([Ljava/nio/ByteBuffer;II)J", WRITING, THIS),
                atExit(SOCKET_CHANNEL_IMPL, "write", "([Ljava/nio/ByteBuffer;II)J", WRITTEN, THIS, RETURNED),
                atEntry(SOCKET_CHANNEL_IMPL, "blockingWriteFully", "([BII)V", WRITING, THIS),
                atExit(SOCKET_CHANNEL_IMPL, "blockingWriteFully", "([BII)V", WRITTEN, THIS, new Argument(2)),

                atExit(SERVER_SOCKET_CHANNEL_IMPL, "finishAccept",
                        "(Ljava/io/FileDescriptor;Ljava/net/SocketAddress;)Ljava/nio/channels/SocketChannel;",
                        ACCEPTED, RETURNED));
    }

    /**
     * The JDK's TLS, the same in JDK 17 to 25, so that a TLS connection counts turns of application data as exchanges,
     * not the handshake's: where a TLS end (an {@code SSLSocket}, or an {@code SSLEngine} whose connection is known)
     * starts, and where it reads and writes application data.
     * <ul>
     * <li>{@code SSLSocketImpl}: its private {@code startHandshake(boolean)}, run by the public one and by the first
     * read, write or {@code getSession()} (and again for a key update), before the handshake's first byte; the
     * application data streams' {@code read} and {@code write}, which every other of their methods calls, passing
     * their socket ({@code this$0}).</li>
     * <li>{@code SSLEngineImpl}: its {@code wrap} and {@code unwrap}, which the others call; the relay reads from the
     * result whether application data went through.</li>
     * <li>The JDK {@code HttpClient}'s {@code SSLTube}, created once the channel connected, with the engine and the
     * {@code SocketTube} that holds the channel: hooked at the entry of its constructor, which starts the handshake.
     * Other engines' connections are not known: their handshake turns still count.</li>
     * </ul>
     */
    static List<Hook> tls() {
        return List.of(
                atEntry(SSL_SOCKET, "startHandshake", "(Z)V", TLS_STARTING, THIS, NULL),
                atExit(SSL_SOCKET + "$AppInputStream", "read", "([BII)I", TLS_READ, RETURNED, new Field("this$0")),
                atEntry(SSL_SOCKET + "$AppOutputStream", "write", "([BII)V", TLS_WRITING, new Field("this$0")),
                atExit(SSL_ENGINE, "wrap", ENGINE_OPERATION, ENGINE_WRAPPED, THIS, RETURNED),
                atExit(SSL_ENGINE, "unwrap", ENGINE_OPERATION, ENGINE_UNWRAPPED, THIS, RETURNED),
                // at entry: its constructor starts the handshake
                atEntry(JDK_HTTP_SSL_TUBE, "<init>", "(Ljavax/net/ssl/SSLEngine;Ljava/util/concurrent/Executor;"
                        + "Ljava/util/function/Consumer;Ljdk/internal/net/http/common/FlowTube;)V", TLS_STARTING,
                        new Argument(0), new Argument(3)));
    }

    /**
     * The JDK's executor tasks, the same in JDK 17 to 25 but for one descriptor: each is reported where it is created
     * or submitted (on the submitting thread) and where it starts and ends (on the thread that runs it), so that it
     * runs in its submitter's window.
     * <ul>
     * <li>{@code FutureTask}: every {@code submit}, {@code invokeAll} and {@code schedule} of {@code
     * ThreadPoolExecutor} and {@code ScheduledThreadPoolExecutor} creates one on the caller's thread (also a
     * subclass's constructor, which calls these); {@code run} for one-shot and {@code runAndReset} for periodic
     * tasks. Both catch what the task throws, so their exit hooks fire.</li>
     * <li>{@code ThreadPoolExecutor}: a plain {@code Runnable} given to {@code execute}, run by {@code runWorker}
     * between {@code beforeExecute} and {@code afterExecute}, which it calls on a throw too. Hooked in
     * {@code ThreadPoolExecutor}'s own (empty) methods: a subclass overriding them without calling {@code super}
     * hides its tasks' starts or ends. The same {@code Runnable} may be given again, from elsewhere: each
     * {@code execute} in a window lends it that window for one run.</li>
     * <li>{@code ForkJoinTask}: every one, reported by its constructor on the thread that creates it, which it then
     * runs for: a {@code RecursiveTask}, {@code RecursiveAction} or {@code CountedCompleter} given to a {@code
     * ForkJoinPool}'s {@code invoke}, {@code submit} or {@code execute}, or forked; the adapter tasks wrapping a
     * {@code Runnable} or {@code Callable} given to a {@code ForkJoinPool}; a parallel stream's tasks, which the
     * pool's threads create and fork while they run the stream's first task, so in its window; and {@code
     * CompletableFuture}'s tasks below. Run by {@code doExec}, on a pool's thread or inline by {@code invoke},
     * {@code join} and {@code get}, which catches what {@code exec} throws; it returns {@code int} on JDK 17 and nothing on
     * JDK 25, and is hooked in whichever this JDK declares. Started through
     * {@code forkJoinTaskStarting}: a thread waiting for one task runs others meanwhile, and one created outside
     * windows runs in the thread's own window, not in that of the task it waits in. Ended through {@code
     * forkJoinTaskEnded}, which forgets the task once it is done (one {@code reinitialize}d and forked again runs
     * in no window).</li>
     * <li>{@code CompletableFuture}'s {@code AsyncSupply} and {@code AsyncRun}, behind {@code supplyAsync} and
     * {@code runAsync} on any executor, and its {@code Completion}, behind every dependent stage ({@code
     * thenApplyAsync} and the like): {@code ForkJoinTask}s, created on the thread that calls or chains them; on an
     * executor other than a {@code ForkJoinPool} run by their {@code run}, which catches what the action throws (a
     * stage fired synchronously runs on the completing thread, in its window).</li>
     * </ul>
     */
    static List<Hook> jdkExecutors() {
        List<Hook> hooks = new ArrayList<>(List.of(
                atExit(FUTURE_TASK, "<init>", "(Ljava/util/concurrent/Callable;)V", TASK_SUBMITTED, THIS),
                atExit(FUTURE_TASK, "<init>", "(Ljava/lang/Runnable;Ljava/lang/Object;)V", TASK_SUBMITTED, THIS),
                atEntry(THREAD_POOL_EXECUTOR, "execute", "(Ljava/lang/Runnable;)V", TASK_EXECUTED, new Argument(0)),
                atEntry(THREAD_POOL_EXECUTOR, "beforeExecute", "(Ljava/lang/Thread;Ljava/lang/Runnable;)V",
                        WORKER_TASK_STARTING, new Argument(1)),
                // at entry: runWorker calls it after the task returned or threw
                atEntry(THREAD_POOL_EXECUTOR, "afterExecute", "(Ljava/lang/Runnable;Ljava/lang/Throwable;)V",
                        TASK_ENDED, new Argument(0)),
                // every subclass's constructor calls it, on the creating thread
                atExit(FORK_JOIN_TASK, "<init>", "()V", TASK_SUBMITTED, THIS),
                atEntry(FORK_JOIN_TASK, "doExec", DO_EXEC, FORK_JOIN_TASK_STARTING, THIS),
                atExit(FORK_JOIN_TASK, "doExec", DO_EXEC, FORK_JOIN_TASK_ENDED, THIS)));
        addRun(hooks, FUTURE_TASK, "run", "()V");
        addRun(hooks, FUTURE_TASK, "runAndReset", "()Z");
        // on a ForkJoinPool, doExec calls these through exec: each start then nests in doExec's, for the same task
        addRun(hooks, ASYNC_SUPPLY, "run", "()V");
        addRun(hooks, ASYNC_RUN, "run", "()V");
        addRun(hooks, COMPLETION, "run", "()V");
        return List.copyOf(hooks);
    }

    /** Adds the hooks of a method that runs its own task: started at its entry, ended at its normal returns. */
    private static void addRun(List<Hook> hooks, String owner, String method, String descriptor) {
        hooks.add(atEntry(owner, method, descriptor, TASK_STARTING, THIS));
        hooks.add(atExit(owner, method, descriptor, TASK_ENDED, THIS));
    }

    /**
     * The client libraries, with the {@link #clientBuilders()}: OkHttp, JDBC's {@code DriverManager}, HikariCP and
     * Apache HttpClient 5, the JDK {@code HttpClient}'s HTTP/2 streams, Netty's event loops (and gRPC's shaded copy), and the
     * keep-alive cache of the JDK's {@code HttpURLConnection}. Each hook passes the library's own object; the tracker reads its target text from it
     * by reflection, so nothing here names a library type or can fail to link.
     *
     * <p>A Netty event loop runs the tasks other threads hand it with {@code execute}, among them the registration and
     * connect of a channel that {@code Bootstrap.connect} starts on the caller's thread: each such task runs in the
     * caller's window, as one given to a {@code ThreadPoolExecutor} does. Its {@code safeExecute} runs one task and
     * catches what it throws, so its exit hook fires.
     */
    static List<Hook> clients() {
        List<Hook> hooks = new ArrayList<>(clientBuilders());
        hooks.addAll(List.of(
                // DriverManager.getConnection(String, Properties, Class), which every public overload calls
                atExit(DRIVER_MANAGER, "getConnection",
                        "(Ljava/lang/String;Ljava/util/Properties;Ljava/lang/Class;)Ljava/sql/Connection;",
                        ACQUIRED, RETURNED, new Text("JDBC_CONNECTION"), new Argument(0)),
                // run by execute() and enqueue() on the caller's thread
                atExit(OKHTTP_CALL, "callStart", "()V", ACQUIRED, THIS, new Text("OKHTTP_CALL"), THIS),
                // the call gave its connection back (or never got one); at entry, so that a throw cannot skip it
                atEntry(OKHTTP_CALL, "callDone", "(Ljava/io/IOException;)Ljava/io/IOException;", RELEASED, THIS),
                // often run on OkHttp's own threads: it connects for its call. When connectTcp throws, the thread
                // stays marked until its next connectTcp; the tracker ignores the mark once the call is released.
                atEntry(OKHTTP_CONNECT_PLAN, "connectTcp",
                        "()Lokhttp3/internal/connection/RoutePlanner$ConnectResult;", ON_BEHALF_OF,
                        new Field("call")),
                atExit(OKHTTP_CONNECT_PLAN, "connectTcp",
                        "()Lokhttp3/internal/connection/RoutePlanner$ConnectResult;", ON_BEHALF_OF, NULL),
                // each exchange of a call (a redirect's too), once it has its connection: HTTP/1.1, or an HTTP/2 stream
                atExit(OKHTTP_CALL, "initExchange$okhttp",
                        "(Lokhttp3/internal/http/RealInterceptorChain;)Lokhttp3/internal/connection/Exchange;",
                        EXCHANGE_STARTING, new Field("connection")),
                // each HTTP/2 stream of the JDK HttpClient, on its connection (HTTP/1.1 is counted by turns)
                atExit(JDK_HTTP2_CONNECTION, "createStream",
                        "(Ljdk/internal/net/http/Exchange;)Ljdk/internal/net/http/Stream;", EXCHANGE_STARTING,
                        new Field("connection")),
                atExit(HIKARI_DATA_SOURCE, "getConnection", "()Ljava/sql/Connection;",
                        ACQUIRED, RETURNED, new Text("POOLED_JDBC_CONNECTION"), THIS),
                // the pooled endpoint, created for each lease from its pool entry
                atExit(APACHE_ENDPOINT, "<init>", "(Lorg/apache/hc/core5/pool/PoolEntry;)V",
                        ACQUIRED, THIS, new Text("APACHE_HTTPCLIENT_LEASE"), new Argument(0)),
                atEntry(NETTY_EVENT_LOOP, "execute", "(Ljava/lang/Runnable;)V", TASK_EXECUTED, new Argument(0)),
                atEntry(NETTY_EXECUTOR, "safeExecute", "(Ljava/lang/Runnable;)V", TASK_STARTING, new Argument(0)),
                atExit(NETTY_EXECUTOR, "safeExecute", "(Ljava/lang/Runnable;)V", TASK_ENDED, new Argument(0)),
                // the channel Bootstrap.connect creates, initialised on the caller's thread; the event loop connects it
                // later, for the caller's site (a throw in doConnect leaves a mark that serves one connect at most)
                atEntry(NETTY_BOOTSTRAP, "init", "(Lio/netty/channel/Channel;)V", CONNECT_STARTING, new Argument(0)),
                atEntry(NETTY_NIO_CHANNEL, "doConnect", "(Ljava/net/SocketAddress;Ljava/net/SocketAddress;)Z",
                        ON_BEHALF_OF, THIS),
                atExit(NETTY_NIO_CHANNEL, "doConnect", "(Ljava/net/SocketAddress;Ljava/net/SocketAddress;)Z",
                        ON_BEHALF_OF, NULL),
                // HttpURLConnection's connection, back in the JDK's keep-alive cache (the same in JDK 17 to 25)
                atExit(URL_CONNECTION_CLIENT, "putInKeepAliveCache", "()V", KEPT_ALIVE, THIS),
                // or handed to the JDK's keep-alive cleaner thread, which reads the rest of an answer the application
                // closed unread, then caches or closes the connection (the same in JDK 17 to 25)
                atExit(URL_CONNECTION_CLEANER_ENTRY, "<init>",
                        "(Lsun/net/www/http/KeepAliveStream;Lsun/net/www/http/HttpClient;)V", KEEP_ALIVE_DRAINING,
                        new Argument(1)),
                // which closes its connection first, for every redirect it follows (the same in JDK 17 to 25)
                atEntry(URL_CONNECTION, "followRedirect0", "(Ljava/lang/String;ILjava/net/URL;)Z",
                        REDIRECT_FOLLOWING, new Field("http")),
                atEntry(APACHE_MANAGER, "release", "(Lorg/apache/hc/client5/http/io/ConnectionEndpoint;"
                        + "Ljava/lang/Object;Lorg/apache/hc/core5/util/TimeValue;)V", RELEASED_TO, new Argument(0),
                        THIS)));
        hooks.addAll(nettyNativeTransports());
        hooks.addAll(grpcShadedNetty(hooks));
        hooks.addAll(reactorNetty());
        return List.copyOf(hooks);
    }

    /**
     * Netty's native transports (epoll, io_uring; kqueue's channels are other classes, not hooked), whose sockets are
     * {@code io.netty.channel.unix.Socket}s: Java objects that keep the file descriptor and read their 4-tuple with
     * {@code localAddress()} and {@code remoteAddress()}, so the tracker follows them like the JDK's sockets. Checked
     * with {@code javap} on Netty 4.2.18, the version socketwatch is tested with; not shaded copies.
     * <ul>
     * <li>{@code Socket.connect} (epoll; pending when it returns {@code false}) and {@code finishConnect}; io_uring
     * connects through its ring, and its unsafe's {@code connectComplete} fulfils the connect promise: reported with
     * the channel, whose socket the tracker asks for ({@code UnixChannel.fd()}).</li>
     * <li>{@code FileDescriptor.markClosed}, which {@code close()} calls (epoll's {@code doClose}), and io_uring's
     * channel before its ring closes the descriptor; also for pipes and event fds, which the tracker never follows.</li>
     * <li>The accepting constructors of {@code EpollSocketChannel} and {@code IoUringSocketChannel}, given the socket
     * their server channel accepted.</li>
     * <li>epoll's reads and writes ({@code recv}, {@code send}, {@code writev} and their address forms); io_uring reads
     * and writes through its ring, so its exchanges go uncounted.</li>
     * <li>The connect of a channel {@code Bootstrap.connect} began, as for NIO: epoll's {@code doConnect}, io_uring's
     * {@code connectComplete} and {@code pollOut} (where a connect in progress finishes), marked for the channel
     * ({@code this$0} of the unsafe).</li>
     * </ul>
     */
    static List<Hook> nettyNativeTransports() {
        String address = "(JII)I";
        String buffer = "(Ljava/nio/ByteBuffer;II)I";
        String vector = "([Ljava/nio/ByteBuffer;IIJ)J";
        String vectorAddresses = "(JI)J";
        String connect = "(Ljava/net/SocketAddress;Ljava/net/SocketAddress;)Z";
        return List.of(
                atExit(NETTY_UNIX_SOCKET, "connect", "(Ljava/net/SocketAddress;)Z", CONNECT_RETURNED, THIS, RETURNED),
                atExit(NETTY_UNIX_SOCKET, "finishConnect", "()Z", CONNECT_FINISHED, THIS, RETURNED),
                // which close() calls, and io_uring's channel before it closes the descriptor through its ring
                atEntry(NETTY_FILE_DESCRIPTOR, "markClosed", "()Z", CLOSING, THIS),
                atExit(NETTY_EPOLL_SOCKET_CHANNEL, "<init>", "(Lio/netty/channel/Channel;"
                        + "Lio/netty/channel/epoll/LinuxSocket;Ljava/net/InetSocketAddress;)V", ACCEPTED,
                        new Argument(1)),
                atExit(NETTY_URING_SOCKET_CHANNEL, "<init>", List.of(
                        "(Lio/netty/channel/Channel;Lio/netty/channel/uring/LinuxSocket;)V",
                        "(Lio/netty/channel/Channel;Lio/netty/channel/uring/LinuxSocket;Ljava/net/SocketAddress;)V"),
                        ACCEPTED, new Argument(1)),
                // io_uring connects through its ring: a connect that completes fulfils the promise with its channel
                atEntry(NETTY_URING_UNSAFE, "fulfillConnectPromise", "(Lio/netty/channel/ChannelPromise;Z)V",
                        CONNECTED, new Field("this$0")),
                atExit(NETTY_UNIX_SOCKET, "recv", buffer, READ, THIS, RETURNED),
                atExit(NETTY_UNIX_SOCKET, "recvAddress", address, READ, THIS, RETURNED),
                atEntry(NETTY_UNIX_SOCKET, "send", buffer, WRITING, THIS),
                atExit(NETTY_UNIX_SOCKET, "send", buffer, WRITTEN, THIS, RETURNED),
                atEntry(NETTY_UNIX_SOCKET, "sendAddress", address, WRITING, THIS),
                atExit(NETTY_UNIX_SOCKET, "sendAddress", address, WRITTEN, THIS, RETURNED),
                atEntry(NETTY_FILE_DESCRIPTOR, "writev", vector, WRITING, THIS),
                atExit(NETTY_FILE_DESCRIPTOR, "writev", vector, WRITTEN, THIS, RETURNED),
                atEntry(NETTY_FILE_DESCRIPTOR, "writevAddresses", vectorAddresses, WRITING, THIS),
                atExit(NETTY_FILE_DESCRIPTOR, "writevAddresses", vectorAddresses, WRITTEN, THIS, RETURNED),
                atEntry(NETTY_EPOLL_CHANNEL, "doConnect", connect, ON_BEHALF_OF, THIS),
                atExit(NETTY_EPOLL_CHANNEL, "doConnect", connect, ON_BEHALF_OF, NULL),
                atEntry(NETTY_URING_UNSAFE, "connectComplete", "(BIIJ)V", ON_BEHALF_OF, new Field("this$0")),
                atExit(NETTY_URING_UNSAFE, "connectComplete", "(BIIJ)V", ON_BEHALF_OF, NULL),
                // a connect the ring answered "in progress" finishes where the socket becomes writable
                atEntry(NETTY_URING_UNSAFE, "pollOut", "(I)V", ON_BEHALF_OF, new Field("this$0")),
                atExit(NETTY_URING_UNSAFE, "pollOut", "(I)V", ON_BEHALF_OF, NULL));
    }

    /**
     * The same hooks in gRPC's shaded Netty ({@code io.grpc.netty.shaded.io.netty}): of {@code netty}, the hooks of
     * Netty's classes other than io_uring's (the shaded copy has no io_uring), each class and type renamed. Checked with
     * {@code javap} on grpc-netty-shaded 1.85.1 (its epoll transport, every method with the same descriptor) and
     * tested on its epoll transport.
     */
    static List<Hook> grpcShadedNetty(List<Hook> netty) {
        List<Hook> shaded = new ArrayList<>();
        for (Hook hook : netty) {
            if (hook.owner().startsWith("io/netty/") && !hook.owner().startsWith("io/netty/channel/uring/")) {
                List<String> descriptors = hook.descriptors().stream()
                        .map(each -> each.replace("Lio/netty/", "L" + GRPC_SHADED + "io/netty/")).toList();
                shaded.add(new Hook(GRPC_SHADED + hook.owner(), hook.method(), descriptors, hook.atExit(),
                        hook.relay(), hook.values()));
            }
        }
        return shaded;
    }

    /**
     * Reactor Netty's connection pool ({@code ConnectionProvider}, behind its {@code HttpClient} and Spring's {@code
     * WebClient}), whose connections the application holds from their acquisition until the response body is consumed
     * or cancelled. Checked with {@code javap} on reactor-netty-core 1.3.7 (its reactor-pool shaded inside); HTTP/1.1
     * only: HTTP/2 streams come from another provider, not hooked.
     * <ul>
     * <li>An acquisition begins when the pool's {@code Mono} is subscribed: {@code DisposableAcquire}'s constructor,
     * on the subscribing thread (the application's, for a {@code block()}), which gives the site and window. A stale
     * pooled connection makes it acquire again on the event loop, through its copy constructor, for the same
     * subscriber.</li>
     * <li>The pool delivers a connection to {@code DisposableAcquire.onNext}, on whichever thread completed the
     * acquisition: a {@code PooledRef}, one per acquisition (a released one is replaced by a new ref), reported with
     * the pool it came from ({@code pool}, which tells the maximum per remote address). At entry: the application may
     * get and release the connection before {@code onNext} returns.</li>
     * <li>The ref's {@code release()} (back to the pool) and {@code invalidate()} (closed), both of which end the
     * application's hold; and those of the graceful-shutdown decorator's ref, which wraps the pool's.</li>
     * <li>Reactor's scheduler tasks ({@code WorkerTask}, {@code SchedulerTask} of reactor-core 3.8.7: behind {@code
     * subscribeOn}, {@code publishOn} and {@code Scheduler.schedule}), created on the scheduling thread and run by
     * their {@code call()}, which catches what the task throws: an acquisition begun inside one, in no application
     * code, takes the line that scheduled it. Their windows already follow them: they run as JDK executor tasks.</li>
     * </ul>
     */
    static List<Hook> reactorNetty() {
        String pooledRef = "(L" + REACTOR_POOL + "PooledRef;)V";
        String done = "()Lreactor/core/publisher/Mono;";
        return List.of(
                atExit(REACTOR_ACQUIRE, "<init>", "(Lreactor/netty/ConnectionObserver;"
                        + "Lreactor/netty/channel/ChannelOperations$OnSetup;JL" + REACTOR_POOL + "InstrumentedPool;"
                        + "Lreactor/core/publisher/MonoSink;Lreactor/util/context/Context;)V", ACQUIRE_STARTING,
                        THIS, NULL),
                atExit(REACTOR_ACQUIRE, "<init>", "(L" + REACTOR_ACQUIRE + ";)V", ACQUIRE_STARTING, THIS,
                        new Argument(0)),
                atEntry(REACTOR_ACQUIRE, "onNext", pooledRef, ACQUIRED_FOR, new Argument(0),
                        new Text("REACTOR_NETTY_CONNECTION"), new Field("pool"), THIS),
                atEntry(REACTOR_POOLED_REF, "release", done, RELEASED, THIS),
                atEntry(REACTOR_POOLED_REF, "invalidate", done, RELEASED, THIS),
                atEntry(REACTOR_GRACEFUL_REF, "release", done, RELEASED, THIS),
                atEntry(REACTOR_GRACEFUL_REF, "invalidate", done, RELEASED, THIS),
                atExit(REACTOR_WORKER_TASK, "<init>", "(Ljava/lang/Runnable;Lreactor/core/Disposable$Composite;)V",
                        SITE_TASK_CREATED, THIS),
                atEntry(REACTOR_WORKER_TASK, "call", "()Ljava/lang/Void;", SITE_TASK_RUNNING, THIS),
                atExit(REACTOR_WORKER_TASK, "call", "()Ljava/lang/Void;", SITE_TASK_RUNNING, NULL),
                atExit(REACTOR_SCHEDULER_TASK, "<init>", "(Ljava/lang/Runnable;Lreactor/core/Disposable;)V",
                        SITE_TASK_CREATED, THIS),
                atEntry(REACTOR_SCHEDULER_TASK, "call", "()Ljava/lang/Void;", SITE_TASK_RUNNING, THIS),
                atExit(REACTOR_SCHEDULER_TASK, "call", "()Ljava/lang/Void;", SITE_TASK_RUNNING, NULL));
    }

    /**
     * Where clients and connection pools are built, and which of them each connection belongs to, for the
     * client-per-call check. Built: OkHttp's {@code OkHttpClient} (its one primary constructor, which
     * {@code new OkHttpClient()}, {@code Builder.build()} and {@code newBuilder().build()} all reach), the JDK's
     * {@code HttpClientImpl} (behind {@code HttpClient.newHttpClient()} and {@code newBuilder().build()}) and Apache
     * HttpClient 5's {@code PoolingHttpClientConnectionManager} (its two constructors the others chain to; behind
     * {@code HttpClients.createDefault()} and {@code custom().build()}). Belongs: OkHttp connects in
     * {@code ConnectPlan.connectTcp} for its pool, and Apache in its manager's {@code connect}, on the thread that
     * connects (a throw leaves a mark that serves one connect at most); the JDK's connection creates its channel in
     * its constructor, for its client, and connects it later on other threads.
     */
    static List<Hook> clientBuilders() {
        List<String> plainConnection = List.of(
                "(Ljava/net/InetSocketAddress;Ljdk/internal/net/http/HttpClientImpl;)V", // JDK 17
                "(Ljava/net/InetSocketAddress;Ljdk/internal/net/http/HttpClientImpl;Ljava/lang/String;)V"); // JDK 21+
        List<String> apacheManager = List.of(
                "(Lorg/apache/hc/client5/http/io/HttpClientConnectionOperator;Lorg/apache/hc/core5/pool/"
                        + "PoolConcurrencyPolicy;Lorg/apache/hc/core5/pool/PoolReusePolicy;Lorg/apache/hc/core5/util/"
                        + "TimeValue;Lorg/apache/hc/core5/http/io/HttpConnectionFactory;Z)V",
                "(Lorg/apache/hc/client5/http/io/HttpClientConnectionOperator;Lorg/apache/hc/core5/pool/"
                        + "ManagedConnPool;Lorg/apache/hc/core5/http/io/HttpConnectionFactory;)V");
        String apacheConnect = "(Lorg/apache/hc/client5/http/io/ConnectionEndpoint;Lorg/apache/hc/core5/util/"
                + "TimeValue;Lorg/apache/hc/core5/http/protocol/HttpContext;)V";
        return List.of(
                atExit(OKHTTP_CLIENT, "<init>", "(Lokhttp3/OkHttpClient$Builder;)V", CLIENT_BUILT, THIS),
                atEntry(OKHTTP_CONNECT_PLAN, "connectTcp",
                        "()Lokhttp3/internal/connection/RoutePlanner$ConnectResult;", CONNECTING_FOR,
                        new Field("connectionPool")),
                atExit(OKHTTP_CONNECT_PLAN, "connectTcp",
                        "()Lokhttp3/internal/connection/RoutePlanner$ConnectResult;", CONNECTING_FOR, NULL),
                atExit(JDK_HTTP_CLIENT, "<init>", "(Ljdk/internal/net/http/HttpClientBuilderImpl;"
                        + "Ljdk/internal/net/http/HttpClientImpl$SingleFacadeFactory;)V", CLIENT_BUILT, THIS),
                atExit(JDK_HTTP_CONNECTION, "<init>", plainConnection, SOCKET_FOR, new Field("chan"),
                        new Argument(1)),
                atExit(APACHE_MANAGER, "<init>", apacheManager, CLIENT_BUILT, THIS),
                atEntry(APACHE_MANAGER, "connect", apacheConnect, CONNECTING_FOR, THIS),
                atExit(APACHE_MANAGER, "connect", apacheConnect, CONNECTING_FOR, NULL));
    }

    private static Relay relay(String name, String descriptor) {
        return new Relay(EVENTS, name, descriptor);
    }
}
