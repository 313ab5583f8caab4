package io.socketwatch.internal.tracker;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.Socket;
import java.net.SocketImpl;
import javax.net.ssl.SSLSocket;

/**
 * Reads, by reflection on JDK internals the agent opens to socketwatch, which socket the JDK's {@code HttpURLConnection}
 * keeps alive in its keep-alive cache: the cache is static, so a socket in it is reachable and cannot be dropped
 * without close. A {@code sun.net.www.http.HttpClient} holds one connection; its {@code inCache} flag tells whether
 * the cache holds it now (it is taken out for the next request to the same server).
 *
 * <p>Limits: a plain HTTP connection only. Over HTTPS the client's socket is an {@code SSLSocket} layered over the
 * tracked one, which is not followed through; such a connection is treated as today, as one its owner may drop.
 * Where a JDK lays its classes out otherwise, nothing is found, with the same effect.
 */
final class JdkKeepAliveCache {

    private static final VarHandle SERVER_SOCKET = field("sun.net.NetworkClient", "serverSocket", Socket.class);
    private static final VarHandle IN_CACHE = field("sun.net.www.http.HttpClient", "inCache", boolean.class);
    private static final VarHandle SOCKET_IMPL = field("java.net.Socket", "impl", SocketImpl.class);
    private static final VarHandle DELEGATE = field("java.net.DelegatingSocketImpl", "delegate", SocketImpl.class);

    private JdkKeepAliveCache() {
    }

    /**
     * Returns the socket object the tracker follows for {@code client}'s connection (the platform {@code SocketImpl}
     * under its {@code java.net.Socket}), or {@code null} if it cannot be told.
     */
    static Object trackedSocketOf(Object client) {
        if (SERVER_SOCKET == null || SOCKET_IMPL == null || !(SERVER_SOCKET.get(client) instanceof Socket socket)
                || socket instanceof SSLSocket) {
            return null;
        }
        Object impl = SOCKET_IMPL.get(socket);
        // new Socket() wraps the platform implementation in a SOCKS one that delegates to it
        while (DELEGATE != null && impl != null && DELEGATE.coordinateTypes().get(0).isInstance(impl)) {
            impl = DELEGATE.get(impl);
        }
        return impl;
    }

    /** Returns whether {@code client}, one given to {@link #trackedSocketOf}, is in the keep-alive cache now. */
    static boolean holds(Object client) {
        return IN_CACHE != null && (boolean) IN_CACHE.get(client);
    }

    /** Returns a handle on a field of a JDK class, or {@code null} if this JDK has no such field or denies it. */
    private static VarHandle field(String className, String name, Class<?> type) {
        try {
            Class<?> owner = Class.forName(className, false, null);
            return MethodHandles.privateLookupIn(owner, MethodHandles.lookup()).findVarHandle(owner, name, type);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
