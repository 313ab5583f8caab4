package io.socketwatch.internal.tracker;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.Socket;
import java.net.SocketImpl;
import javax.net.ssl.SSLSocket;

/**
 * Finds the JDK socket object (the one the agent's socket events name) that a TLS end runs over, by reading JDK
 * fields the agent opens to socketwatch: an {@code SSLSocket}'s underlying socket ({@code BaseSSLSocketImpl.self},
 * itself unless layered over another socket) and its {@code SocketImpl} ({@code Socket.impl}, past the SOCKS
 * wrapper's {@code delegate}); the channel of the JDK {@code HttpClient}'s {@code SocketTube}. Looked up once, on the
 * first TLS handshake.
 */
final class TlsSockets {

    private static final String SSL_SOCKET_BASE = "sun.security.ssl.BaseSSLSocketImpl";
    private static final String DELEGATING_IMPL = "java.net.DelegatingSocketImpl";
    private static final String JDK_HTTP_SOCKET_TUBE = "jdk.internal.net.http.SocketTube";

    private TlsSockets() {
    }

    /**
     * Returns the socket object under {@code tlsEnd}: the {@code SocketImpl} of an {@code SSLSocket}, or the channel of
     * {@code transport}, the JDK {@code HttpClient}'s {@code SocketTube}; {@code null} for any other.
     */
    static Object socketUnder(Object tlsEnd, Object transport) {
        if (transport != null) {
            return transport.getClass().getName().equals(JDK_HTTP_SOCKET_TUBE)
                    ? HttpClientFields.CHANNEL.get(transport) : null;
        }
        if (!(tlsEnd instanceof SSLSocket)) {
            return null;
        }
        Object socket = SocketFields.SELF.get(tlsEnd);
        Object impl = socket instanceof Socket ? SocketFields.IMPL.get(socket) : null;
        while (impl != null && SocketFields.DELEGATING.isInstance(impl)) {
            impl = SocketFields.DELEGATE.get(impl);
        }
        return impl;
    }

    /** The fields of {@code java.net} and {@code sun.security.ssl}, looked up on first use. */
    private static final class SocketFields {

        static final VarHandle SELF;
        static final VarHandle IMPL;
        static final Class<?> DELEGATING;
        static final VarHandle DELEGATE;

        static {
            try {
                Class<?> base = Class.forName(SSL_SOCKET_BASE);
                SELF = MethodHandles.privateLookupIn(base, MethodHandles.lookup())
                        .findVarHandle(base, "self", Socket.class);
                IMPL = MethodHandles.privateLookupIn(Socket.class, MethodHandles.lookup())
                        .findVarHandle(Socket.class, "impl", SocketImpl.class);
                DELEGATING = Class.forName(DELEGATING_IMPL);
                DELEGATE = MethodHandles.privateLookupIn(DELEGATING, MethodHandles.lookup())
                        .findVarHandle(DELEGATING, "delegate", SocketImpl.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    /** The field of the JDK {@code HttpClient}, looked up on first use. */
    private static final class HttpClientFields {

        static final VarHandle CHANNEL;

        static {
            try {
                Class<?> tube = Class.forName(JDK_HTTP_SOCKET_TUBE);
                CHANNEL = MethodHandles.privateLookupIn(tube, MethodHandles.lookup())
                        .findVarHandle(tube, "channel", java.nio.channels.SocketChannel.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }
}
