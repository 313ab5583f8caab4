package io.socketwatch.internal.agent.boot;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Relays socket events from instrumented JDK classes to the tracker's {@link Sink}. Loaded by the bootstrap class
 * loader. Every method returns at once when no sink is installed, and none throws: a sink's failure is counted and
 * the first one kept, never passed to the code that used the socket.
 *
 * <p>A socket is identified by the JDK object that holds its file descriptor: a {@code java.net.SocketImpl} for
 * {@code java.net.Socket}, a {@code java.nio.channels.SocketChannel} for channels.
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

        /** A write of {@code bytes} (at least 1) completed. */
        void written(Object socket, long bytes);

        /**
         * A client library handed the application a resource that holds a connection until released: an OkHttp call
         * until its response body is closed, a JDBC connection until closed, an Apache HttpClient lease until
         * released.
         *
         * @param kind   the kind's name, as {@code ClientResource.Kind} spells it
         * @param target what it is connected to, with no secret in it
         */
        void acquired(Object resource, String kind, String target);

        /** The application released a resource reported by {@link #acquired}. */
        void released(Object resource);

        /**
         * The calling thread now connects for {@code resource} (reported by {@link #acquired}), or no longer does when
         * {@code null}: a client library's own thread connecting for a call takes the call's site and window.
         */
        void onBehalfOf(Object resource);
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

    public static void acquired(Object resource, String kind, String target) {
        Sink sinkNow = sink;
        if (sinkNow != null && resource != null) {
            try {
                sinkNow.acquired(resource, kind, target);
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

    private static void failed(Throwable t) {
        if (FAILURES.getAndIncrement() == 0) {
            firstFailure = t;
        }
    }
}
