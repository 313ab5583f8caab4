package io.socketwatch.internal.agent.boot;

import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLEngineResult;

/**
 * Relays socket events from instrumented JDK classes to the tracker's {@link Sink}. Loaded by the bootstrap class
 * loader. Every method returns at once when no sink is installed, and none throws: a sink's failure is counted and
 * the first one kept, never passed to the code that used the socket. The agent inserts plain calls to these methods,
 * without a try block, so that guarantee is what keeps instrumented code behaving as before.
 *
 * <p>A socket is identified by the JDK object that holds its file descriptor: a {@code java.net.SocketImpl} for
 * {@code java.net.Socket}, a {@code java.nio.channels.SocketChannel} for channels. Tasks (the JDK executors'
 * {@code FutureTask}s, {@code Runnable}s and {@code CompletableFuture}'s async tasks) are reported too, so that a
 * connection a pooled thread opens for a task is attributed to the thread that submitted it.
 */
public final class SocketEvents {

    /** Receives socket events. Implementations are fast and lock-free on {@link #read} and {@link #written}. */
    public interface Sink {

        /** A non-blocking connect was started and is pending; {@link #connected} follows when it completes. */
        void connectPending(Object socket);

        /** The socket completed a connect. */
        void connected(Object socket);

        /** The socket was returned by an accept. */
        void accepted(Object socket);

        /** This JVM is closing the socket. */
        void closing(Object socket);

        /** A read returned {@code bytes} (at least 1), or end-of-stream when {@code bytes} is -1. */
        void read(Object socket, long bytes);

        /**
         * A write starts. Reported at entry, before any byte leaves: a write reported only on return could be seen
         * after the read of the answer it caused, on another thread, and an exchange would go uncounted.
         */
        void writing(Object socket);

        /** A write of {@code bytes} (at least 1) completed. */
        void written(Object socket, long bytes);

        /**
         * A client library handed the application a resource that holds a connection until released: an OkHttp call
         * until its response body is closed, a JDBC connection until closed, an Apache HttpClient lease until
         * released.
         *
         * @param kind   the kind's name, as {@code ClientResource.Kind} spells it
         * @param source the library object that tells what it is connected to: the JDBC URL itself, the OkHttp call,
         *               the Hikari pool, the Apache pool entry; read by the sink, which may find secrets in it
         */
        void acquired(Object resource, String kind, Object source);

        /**
         * The calling thread asks a client library's pool for a connection, through {@code request}, the library's
         * object that will receive it (Reactor Netty's {@code DisposableAcquire}), maybe on another thread: the
         * resource {@link #acquiredFor} reports then takes this thread's site and window. {@code retryOf} is the
         * request this one acquires again for, on the library's thread (its site and window are kept), or {@code
         * null}.
         */
        void acquireStarting(Object request, Object retryOf);

        /**
         * As {@link #acquired}, for a resource the pool delivered to {@code request}, reported by {@link
         * #acquireStarting}, whose site and window it takes; not followed when the request began outside windows.
         */
        void acquiredFor(Object resource, String kind, Object source, Object request);

        /**
         * A task that keeps where it was created (a Reactor scheduler task) was created on the calling thread: what it
         * acquires in library code alone takes this thread's site. Called for every such task, so fast outside windows.
         */
        void siteTaskCreated(Object task);

        /** The calling thread starts running {@code task}, reported by {@link #siteTaskCreated}, or ends when null. */
        void siteTaskRunning(Object task);

        /** The application released a resource reported by {@link #acquired}. */
        void released(Object resource);

        /**
         * The application released a resource reported by {@link #acquired} to {@code pool}, the library object that
         * pools it (Apache HttpClient's connection manager), which tells how many connections a target may have.
         */
        void releasedTo(Object resource, Object pool);

        /**
         * A client library begins, on the calling thread, to connect {@code connection} (its own object: a Netty
         * channel), which another thread will connect ({@link #onBehalfOf}) for this one's site and window.
         */
        void connectStarting(Object connection);

        /**
         * The calling thread now connects for {@code resource} (reported by {@link #acquired} or {@link
         * #connectStarting}), or no longer does when {@code null}: a client library's own thread connecting for a call
         * or a channel takes its site and window.
         */
        void onBehalfOf(Object resource);

        /**
         * A task was created, or handed to an executor, on the calling thread: the task runs in this thread's window.
         * Called for every task of the JVM, so fast when the thread has no window.
         *
         * @param perRun {@code true} when the task is handed over once per run and may be handed over again (a
         *               {@code Runnable} given to {@code execute}), {@code false} when the task object is itself one
         *               submission (a {@code FutureTask}, a {@code CompletableFuture} task)
         */
        void taskSubmitted(Object task, boolean perRun);

        /**
         * The calling thread starts running {@code task}. {@code outermost} when an executor's worker takes its next
         * task, not nested in another: whatever an earlier task left on the thread (a {@link #taskEnded} missed when
         * it threw) ends there.
         */
        void taskStarting(Object task, boolean outermost);

        /**
         * The calling thread starts running {@code task}, a {@code ForkJoinTask}, maybe nested in another only
         * because the thread runs queued tasks while it waits for one: a task not created in a window does not take
         * the window of the task around it. Called for every {@code ForkJoinTask} the JVM runs, so fast when no
         * window is open.
         */
        void forkJoinTaskStarting(Object task);

        /**
         * The calling thread finished a run of {@code task}, a {@code ForkJoinTask}: once it is done it runs no more
         * (unless the application reinitialises it).
         */
        void forkJoinTaskEnded(Object task);

        /** The calling thread finished running {@code task}; not reported when the run threw. */
        void taskEnded(Object task);

        /**
         * The JDK's {@code HttpURLConnection} put {@code client}, its {@code sun.net.www.http.HttpClient}, in its
         * keep-alive cache: the cache holds the client's socket until it is taken out for another request or closed.
         */
        void keptAlive(Object client);

        /**
         * The JDK's {@code HttpURLConnection} handed {@code client}, its {@code sun.net.www.http.HttpClient}, to its
         * keep-alive cleaner thread, which reads the rest of an answer closed unread, then puts the client in the
         * keep-alive cache ({@link #keptAlive}) or closes its socket: reachable meanwhile.
         */
        void keepAliveDraining(Object client);

        /**
         * The JDK's {@code HttpURLConnection} is about to close {@code client}'s connection, its {@code
         * sun.net.www.http.HttpClient}, to follow a redirect (it does so for every redirect it follows).
         */
        void redirectFollowing(Object client);

        /**
         * A TLS end starts its handshake (again for a key update): an {@code SSLSocket}, or an {@code SSLEngine} over
         * {@code transport}, a client library's object that holds the socket ({@code null} for an {@code SSLSocket}).
         * From then on, the exchanges of its socket are the turns of application data that {@link #tlsRead} and
         * {@link #tlsWriting} report.
         */
        void tlsStarting(Object tlsEnd, Object transport);

        /** A TLS end read {@code bytes} (at least 1) of application data. Fast and lock-free. */
        void tlsRead(Object tlsEnd, long bytes);

        /** A TLS end starts to write application data. Fast and lock-free. */
        void tlsWriting(Object tlsEnd);

        /**
         * A client library starts a request/response exchange on {@code connection}, its own connection object (an
         * OkHttp {@code RealConnection}; the JDK {@code HttpClient}'s {@code HttpConnection}, for an HTTP/2 stream).
         */
        void exchangeStarting(Object connection);

        /**
         * The application built {@code client}, a client or connection pool that opens and pools connections (an
         * OkHttp client, a JDK {@code HttpClient}, an Apache HttpClient connection manager), on the calling thread.
         * Called once per client, or again from a chained constructor: the sink keeps the first.
         */
        void clientBuilt(Object client);

        /**
         * The calling thread now connects for {@code pool}, the pool of a client reported by {@link #clientBuilt}, or
         * no longer does when {@code null}: its next connect belongs to that client. Serves one connect.
         */
        void connectingFor(Object pool);

        /** {@code socket}, not connected yet, belongs to {@code client}, reported by {@link #clientBuilt}. */
        void socketFor(Object socket, Object client);
    }

    private static volatile Sink sink;
    private static final AtomicLong FAILURES = new AtomicLong();
    private static volatile Throwable firstFailure;

    private SocketEvents() {
    }

    /** Installs {@code newSink}, or removes the current one when {@code null}. */
    public static void install(Sink newSink) {
        sink = newSink;
    }

    /** Returns how many times the sink threw since the JVM started. */
    public static long failures() {
        return FAILURES.get();
    }

    /** Returns the first failure of the sink, or {@code null}. */
    public static Throwable firstFailure() {
        return firstFailure;
    }

    public static void connectPending(Object socket) {
        Sink target = sink;
        if (target != null) {
            try {
                target.connectPending(socket);
            } catch (Throwable t) {
                failed(t);
            }
        }
    }

    public static void connected(Object socket) {
        Sink target = sink;
        if (target != null) {
            try {
                target.connected(socket);
            } catch (Throwable t) {
                failed(t);
            }
        }
    }

    /** {@code SocketChannel.connect} returned: connected now when {@code connected}, else pending. */
    public static void connectReturned(Object socket, boolean connected) {
        if (connected) {
            connected(socket);
        } else {
            connectPending(socket);
        }
    }

    /**
     * {@code SocketChannel.finishConnect} returned: connected when {@code connected}. It returns {@code true} again on
     * a channel that is already connected; the sink ignores a socket it already follows.
     */
    public static void connectFinished(Object socket, boolean connected) {
        if (connected) {
            connected(socket);
        }
    }

    public static void accepted(Object socket) {
        Sink target = sink;
        if (target != null && socket != null) {
            try {
                target.accepted(socket);
            } catch (Throwable t) {
                failed(t);
            }
        }
    }

    public static void closing(Object socket) {
        Sink target = sink;
        if (target != null) {
            try {
                target.closing(socket);
            } catch (Throwable t) {
                failed(t);
            }
        }
    }

    public static void read(Object socket, long bytes) {
        Sink target = sink;
        if (target != null && bytes != 0) {
            try {
                target.read(socket, bytes);
            } catch (Throwable t) {
                failed(t);
            }
        }
    }

    public static void writing(Object socket) {
        Sink target = sink;
        if (target != null) {
            try {
                target.writing(socket);
            } catch (Throwable t) {
                failed(t);
            }
        }
    }

    public static void written(Object socket, long bytes) {
        Sink target = sink;
        if (target != null && bytes > 0) {
            try {
                target.written(socket, bytes);
            } catch (Throwable t) {
                failed(t);
            }
        }
    }

    public static void acquired(Object resource, String kind, Object source) {
        Sink sinkNow = sink;
        if (sinkNow != null && resource != null) {
            try {
                sinkNow.acquired(resource, kind, source);
            } catch (Throwable t) {
                failed(t);
            }
        }
    }

    public static void acquireStarting(Object request, Object retryOf) {
        Sink target = sink;
        if (target != null && request != null) {
            try {
                target.acquireStarting(request, retryOf);
            } catch (Throwable t) {
                failed(t);
            }
        }
    }

    public static void acquiredFor(Object resource, String kind, Object source, Object request) {
        Sink target = sink;
        if (target != null && resource != null) {
            try {
                target.acquiredFor(resource, kind, source, request);
            } catch (Throwable t) {
                failed(t);
            }
        }
    }

    public static void siteTaskCreated(Object task) {
        Sink target = sink;
        if (target != null) {
            try {
                target.siteTaskCreated(task);
            } catch (Throwable t) {
                failed(t);
            }
        }
    }

    public static void siteTaskRunning(Object task) {
        Sink target = sink;
        if (target != null) {
            try {
                target.siteTaskRunning(task);
            } catch (Throwable t) {
                failed(t);
            }
        }
    }

    public static void released(Object resource) {
        Sink target = sink;
        if (target != null && resource != null) {
            try {
                target.released(resource);
            } catch (Throwable t) {
                failed(t);
            }
        }
    }

    public static void redirectFollowing(Object client) {
        Sink target = sink;
        if (target != null && client != null) {
            try {
                target.redirectFollowing(client);
            } catch (Throwable t) {
                failed(t);
            }
        }
    }

    public static void keepAliveDraining(Object client) {
        Sink target = sink;
        if (target != null && client != null) {
            try {
                target.keepAliveDraining(client);
            } catch (Throwable t) {
                failed(t);
            }
        }
    }

    public static void keptAlive(Object client) {
        Sink target = sink;
        if (target != null && client != null) {
            try {
                target.keptAlive(client);
            } catch (Throwable t) {
                failed(t);
            }
        }
    }

    public static void releasedTo(Object resource, Object pool) {
        Sink target = sink;
        if (target != null && resource != null) {
            try {
                target.releasedTo(resource, pool);
            } catch (Throwable t) {
                failed(t);
            }
        }
    }

    public static void connectStarting(Object connection) {
        Sink target = sink;
        if (target != null && connection != null) {
            try {
                target.connectStarting(connection);
            } catch (Throwable t) {
                failed(t);
            }
        }
    }

    public static void onBehalfOf(Object resource) {
        Sink target = sink;
        if (target != null) {
            try {
                target.onBehalfOf(resource);
            } catch (Throwable t) {
                failed(t);
            }
        }
    }

    public static void taskSubmitted(Object task) {
        taskSubmitted(task, false);
    }

    /** A {@code Runnable} was given to an executor's {@code execute}: once for each run. */
    public static void taskExecuted(Object task) {
        taskSubmitted(task, true);
    }

    private static void taskSubmitted(Object task, boolean perRun) {
        Sink target = sink;
        if (target != null && task != null) {
            try {
                target.taskSubmitted(task, perRun);
            } catch (Throwable t) {
                failed(t);
            }
        }
    }

    public static void taskStarting(Object task) {
        taskStarting(task, false);
    }

    /** A {@code ThreadPoolExecutor}'s worker takes its next task: never nested in another task. */
    public static void workerTaskStarting(Object task) {
        taskStarting(task, true);
    }

    private static void taskStarting(Object task, boolean outermost) {
        Sink target = sink;
        if (target != null && task != null) {
            try {
                target.taskStarting(task, outermost);
            } catch (Throwable t) {
                failed(t);
            }
        }
    }

    /** {@code ForkJoinTask.doExec} starts: every run of a {@code ForkJoinTask}, nested or not. */
    public static void forkJoinTaskStarting(Object task) {
        Sink target = sink;
        if (target != null) {
            try {
                target.forkJoinTaskStarting(task);
            } catch (Throwable t) {
                failed(t);
            }
        }
    }

    /** {@code ForkJoinTask.doExec} returns; it catches what the task throws. */
    public static void forkJoinTaskEnded(Object task) {
        Sink target = sink;
        if (target != null) {
            try {
                target.forkJoinTaskEnded(task);
            } catch (Throwable t) {
                failed(t);
            }
        }
    }

    public static void taskEnded(Object task) {
        Sink target = sink;
        if (target != null && task != null) {
            try {
                target.taskEnded(task);
            } catch (Throwable t) {
                failed(t);
            }
        }
    }

    public static void tlsStarting(Object tlsEnd, Object transport) {
        Sink target = sink;
        if (target != null && tlsEnd != null) {
            try {
                target.tlsStarting(tlsEnd, transport);
            } catch (Throwable t) {
                failed(t);
            }
        }
    }

    /** An {@code SSLSocket}'s application data stream read {@code bytes}, or -1 at its end. */
    public static void tlsRead(long bytes, Object tlsEnd) {
        Sink target = sink;
        if (target != null && bytes > 0) {
            try {
                target.tlsRead(tlsEnd, bytes);
            } catch (Throwable t) {
                failed(t);
            }
        }
    }

    public static void tlsWriting(Object tlsEnd) {
        Sink target = sink;
        if (target != null) {
            try {
                target.tlsWriting(tlsEnd);
            } catch (Throwable t) {
                failed(t);
            }
        }
    }

    public static void exchangeStarting(Object connection) {
        Sink target = sink;
        if (target != null && connection != null) {
            try {
                target.exchangeStarting(connection);
            } catch (Throwable t) {
                failed(t);
            }
        }
    }

    /** An {@code SSLEngine} wrapped: application data went out when the result says it consumed some. */
    public static void engineWrapped(Object engine, Object result) {
        Sink target = sink;
        if (target != null && result instanceof SSLEngineResult wrapped && wrapped.bytesConsumed() > 0) {
            try {
                target.tlsWriting(engine);
            } catch (Throwable t) {
                failed(t);
            }
        }
    }

    /** An {@code SSLEngine} unwrapped: application data came in when the result says it produced some. */
    public static void engineUnwrapped(Object engine, Object result) {
        Sink target = sink;
        if (target != null && result instanceof SSLEngineResult unwrapped && unwrapped.bytesProduced() > 0) {
            try {
                target.tlsRead(engine, unwrapped.bytesProduced());
            } catch (Throwable t) {
                failed(t);
            }
        }
    }

    public static void clientBuilt(Object client) {
        Sink target = sink;
        if (target != null && client != null) {
            try {
                target.clientBuilt(client);
            } catch (Throwable t) {
                failed(t);
            }
        }
    }

    public static void connectingFor(Object pool) {
        Sink target = sink;
        if (target != null) {
            try {
                target.connectingFor(pool);
            } catch (Throwable t) {
                failed(t);
            }
        }
    }

    public static void socketFor(Object socket, Object client) {
        Sink target = sink;
        if (target != null && socket != null && client != null) {
            try {
                target.socketFor(socket, client);
            } catch (Throwable t) {
                failed(t);
            }
        }
    }

    private static void failed(Throwable t) {
        if (FAILURES.getAndIncrement() == 0) {
            firstFailure = t;
        }
    }
}
