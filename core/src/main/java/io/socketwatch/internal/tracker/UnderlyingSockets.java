package io.socketwatch.internal.tracker;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Method;
import java.net.Socket;
import java.net.SocketImpl;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLSocket;

/**
 * Finds the JDK socket object (the one the agent's socket events name) under a TLS end or a client library's
 * connection, by reading JDK fields the agent opens to socketwatch: an {@code SSLSocket}'s underlying socket ({@code
 * BaseSSLSocketImpl.self}, itself unless layered over another socket) and a {@code Socket}'s {@code SocketImpl}
 * ({@code Socket.impl}, past the SOCKS wrapper's {@code delegate}); the channel of the JDK {@code HttpClient}'s {@code
 * SocketTube} and {@code HttpConnection}; the socket of an OkHttp connection ({@code okhttp3.Connection.socket()});
 * the socket of a Netty native channel (its public {@code UnixChannel.fd()}). Looked up on first use.
 */
final class UnderlyingSockets {

    private static final String SSL_SOCKET_BASE = "sun.security.ssl.BaseSSLSocketImpl";
    private static final String DELEGATING_IMPL = "java.net.DelegatingSocketImpl";
    private static final String JDK_HTTP_SOCKET_TUBE = "jdk.internal.net.http.SocketTube";
    private static final String JDK_HTTP_CONNECTION = "jdk.internal.net.http.HttpConnection";
    private static final String OKHTTP_CONNECTION = "okhttp3.internal.connection.RealConnection";

    private static final String NETTY_UNIX_CHANNEL = "io.netty.channel.unix.UnixChannel";
    private static final String NETTY_NIO_CHANNEL = "io.netty.channel.socket.nio.NioSocketChannel";
    /** Per class: {@code UnixChannel.fd()} if it is a Netty channel with a file descriptor, else {@code null}. */
    private static final ClassValue<MethodHandle> NETTY_FD = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            for (Class<?> each = type; each != null; each = each.getSuperclass()) {
                for (Class<?> implemented : each.getInterfaces()) {
                    if (implemented.getName().endsWith(NETTY_UNIX_CHANNEL)) { // gRPC's shaded copy too
                        return nettyFd(implemented);
                    }
                }
            }
            return null;
        }
    };

    private UnderlyingSockets() {
    }

    /**
     * Returns the object the agent's socket events name for {@code reported}: the socket of a Netty native channel
     * (io_uring's connect completes in its channel's code, which the agent hooks with the channel), else {@code
     * reported} itself.
     */
    static Object socketEventsName(Object reported) {
        if (reported instanceof SocketImpl || reported instanceof SocketChannel || reported == null) {
            return reported;
        }
        MethodHandle fd = NETTY_FD.get(reported.getClass());
        if (fd == null) {
            return reported;
        }
        try {
            return fd.invoke(reported);
        } catch (Throwable t) {
            throw new IllegalStateException("cannot find the socket of " + reported.getClass().getName(), t);
        }
    }

    /**
     * Returns the object the agent's socket events name for {@code channel}, a Netty channel: a native channel's
     * socket, or the JDK {@code SocketChannel} of a NIO channel (its protected {@code javaChannel()}, opened by
     * reflection where the class path allows); {@code null} when neither can be read.
     */
    static Object socketOfChannel(Object channel) {
        if (channel == null) {
            return null;
        }
        Object socket = socketEventsName(channel);
        if (socket != channel) {
            return socket;
        }
        for (Class<?> each = channel.getClass(); each != null; each = each.getSuperclass()) {
            if (each.getName().endsWith(NETTY_NIO_CHANNEL)) { // gRPC's shaded copy too
                try {
                    Method javaChannel = each.getDeclaredMethod("javaChannel");
                    javaChannel.setAccessible(true);
                    return javaChannel.invoke(channel);
                } catch (ReflectiveOperationException | RuntimeException closed) {
                    return null;
                }
            }
        }
        return null;
    }

    private static MethodHandle nettyFd(Class<?> unixChannel) {
        try {
            return MethodHandles.publicLookup().findVirtual(unixChannel, "fd",
                    MethodType.methodType(Class.forName(unixChannel.getPackageName() + ".FileDescriptor", false,
                            unixChannel.getClassLoader()))).asType(MethodType.methodType(Object.class, Object.class));
        } catch (ReflectiveOperationException | RuntimeException e) { // another Netty whose API differs
            return null;
        }
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
        return tlsEnd instanceof SSLSocket socket ? implOf(socket) : null;
    }

    /**
     * Returns the socket object under {@code connection}, a client library's connection: an OkHttp {@code
     * RealConnection} or a JDK {@code HttpClient} {@code HttpConnection}; {@code null} for any other.
     *
     * @throws IllegalStateException if the library's method cannot be called
     */
    static Object socketOf(Object connection) {
        Class<?> type = connection.getClass();
        try {
            if (OKHTTP_CONNECTION.equals(type.getName())) {
                Object socket = type.getMethod("socket").invoke(connection);
                return socket instanceof Socket plain ? implOf(plain) : null;
            }
            for (Class<?> each = type; each != null; each = each.getSuperclass()) {
                if (each.getName().equals(JDK_HTTP_CONNECTION)) {
                    return HttpClientFields.channel(each).invoke(connection);
                }
            }
            return null;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot find the socket of " + type.getName(), e);
        }
    }

    /** Returns the {@code SocketImpl} that the socket events of {@code socket} name, or {@code null}. */
    private static Object implOf(Socket socket) {
        Object self = SocketFields.SSL_SOCKET_BASE.isInstance(socket) ? SocketFields.SELF.get(socket) : socket;
        Object impl = self instanceof Socket ? SocketFields.IMPL.get(self) : null;
        while (impl != null && SocketFields.DELEGATING.isInstance(impl)) {
            impl = SocketFields.DELEGATE.get(impl);
        }
        return impl;
    }

    /** The fields of {@code java.net} and {@code sun.security.ssl}, looked up on first use. */
    private static final class SocketFields {

        static final Class<?> SSL_SOCKET_BASE;
        static final VarHandle SELF;
        static final VarHandle IMPL;
        static final Class<?> DELEGATING;
        static final VarHandle DELEGATE;

        static {
            try {
                SSL_SOCKET_BASE = Class.forName(UnderlyingSockets.SSL_SOCKET_BASE);
                SELF = MethodHandles.privateLookupIn(SSL_SOCKET_BASE, MethodHandles.lookup())
                        .findVarHandle(SSL_SOCKET_BASE, "self", Socket.class);
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

    /** The field and method of the JDK {@code HttpClient}, looked up on first use. */
    private static final class HttpClientFields {

        static final VarHandle CHANNEL;
        private static volatile MethodHandle channelOfConnection;

        static {
            try {
                Class<?> tube = Class.forName(JDK_HTTP_SOCKET_TUBE);
                CHANNEL = MethodHandles.privateLookupIn(tube, MethodHandles.lookup())
                        .findVarHandle(tube, "channel", SocketChannel.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** Returns {@code HttpConnection.channel()}, given the class. */
        static MethodHandle channel(Class<?> httpConnection) throws ReflectiveOperationException {
            MethodHandle channel = channelOfConnection;
            if (channel == null) {
                channel = MethodHandles.privateLookupIn(httpConnection, MethodHandles.lookup())
                        .findVirtual(httpConnection, "channel", MethodType.methodType(SocketChannel.class))
                        .asType(MethodType.methodType(Object.class, Object.class));
                channelOfConnection = channel;
            }
            return channel;
        }
    }
}
