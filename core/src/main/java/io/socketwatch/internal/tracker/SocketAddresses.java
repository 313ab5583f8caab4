package io.socketwatch.internal.tracker;

import io.socketwatch.internal.os.FourTuple;
import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketOptions;
import java.nio.channels.SocketChannel;

/**
 * Reads the 4-tuple of a connected JDK socket object: a {@code SocketChannel} through its public API (which keeps its
 * local address), a {@code SocketImpl} through its protected getters (the agent opens {@code java.net} to socketwatch
 * for that) and one {@code getsockname} for its local address.
 *
 * <p>A {@code SocketImpl} keeps no local address, only its port: {@code getOption(SO_BINDADDR)} asks the OS for both
 * (two system calls), so the JDK's private {@code Net.localInetAddress} is called instead (one; the agent opens
 * {@code sun.nio.ch} for it). Where it cannot be found, {@code getOption} is
 * used.
 *
 * <p>A Netty native transport's socket ({@code io.netty.channel.unix.Socket}, epoll's and io_uring's {@code
 * LinuxSocket}) keeps its file descriptor on the Java side: its public {@code localAddress()} and {@code
 * remoteAddress()} ask the OS (one system call each), called by method handles found once per class, so that no Netty
 * type is linked.
 */
final class SocketAddresses {

    private static final MethodHandle REMOTE_ADDRESS;
    private static final MethodHandle REMOTE_PORT;
    private static final MethodHandle LOCAL_PORT;
    private static final MethodHandle FILE_DESCRIPTOR;
    /** {@code sun.nio.ch.Net.localInetAddress(FileDescriptor)}, or {@code null} if this JDK has none. */
    private static final MethodHandle LOCAL_INET_ADDRESS = localInetAddress();

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(SocketImpl.class, MethodHandles.lookup());
            REMOTE_ADDRESS = lookup.findVirtual(SocketImpl.class, "getInetAddress", MethodType.methodType(InetAddress.class));
            REMOTE_PORT = lookup.findVirtual(SocketImpl.class, "getPort", MethodType.methodType(int.class));
            LOCAL_PORT = lookup.findVirtual(SocketImpl.class, "getLocalPort", MethodType.methodType(int.class));
            FILE_DESCRIPTOR = lookup.findVirtual(SocketImpl.class, "getFileDescriptor",
                    MethodType.methodType(FileDescriptor.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The binary name of Netty's unix socket, the superclass of its native transports' sockets; a shaded copy's ends with it. */
    private static final String NETTY_UNIX_SOCKET = "io.netty.channel.unix.Socket";
    /** Per class: its {@code localAddress()} and {@code remoteAddress()} if a Netty unix socket, else {@code null}. */
    private static final ClassValue<MethodHandle[]> NETTY_ADDRESSES = new ClassValue<>() {
        @Override
        protected MethodHandle[] computeValue(Class<?> type) {
            for (Class<?> each = type; each != null; each = each.getSuperclass()) {
                if (each.getName().endsWith(NETTY_UNIX_SOCKET)) { // gRPC's shaded copy too
                    return nettyAddresses(each);
                }
            }
            return null;
        }
    };

    private SocketAddresses() {
    }

    /**
     * Returns whether {@code socket} is one of the JDK's socket objects (not a Netty native transport's), which may
     * be adopted when first seen on a read or write.
     */
    static boolean isJdkSocket(Object socket) {
        return socket instanceof SocketChannel || socket instanceof SocketImpl;
    }

    /**
     * Returns the socket's local and remote endpoint, or {@code null} if it is not a connected socket.
     *
     * @throws IOException if the socket was closed meanwhile
     */
    static FourTuple of(Object socket) throws IOException {
        try {
            if (socket instanceof SocketChannel channel) {
                SocketAddress local = channel.getLocalAddress();
                SocketAddress remote = channel.getRemoteAddress();
                return local instanceof InetSocketAddress l && remote instanceof InetSocketAddress r
                        ? new FourTuple(l, r) : null;
            }
            if (socket instanceof SocketImpl impl) {
                InetAddress remote = (InetAddress) REMOTE_ADDRESS.invoke(impl);
                int remotePort = (int) REMOTE_PORT.invoke(impl);
                if (remote == null || remotePort == 0) {
                    return null;
                }
                Object local = localAddress(impl);
                if (!(local instanceof InetAddress localAddress)) {
                    return null;
                }
                return new FourTuple(new InetSocketAddress(localAddress, (int) LOCAL_PORT.invoke(impl)),
                        new InetSocketAddress(remote, remotePort));
            }
            MethodHandle[] netty = socket == null ? null : NETTY_ADDRESSES.get(socket.getClass());
            return netty == null ? null : nettyTuple(socket, netty);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * The 4-tuple of a Netty unix socket, or {@code null} when it is not a connected IP socket. Netty answers a socket
     * closed meanwhile with an exception or {@code null}, by version and call; either means no tuple.
     */
    private static FourTuple nettyTuple(Object socket, MethodHandle[] addresses) {
        try {
            Object local = addresses[0].invoke(socket);
            Object remote = addresses[1].invoke(socket);
            return local instanceof InetSocketAddress l && remote instanceof InetSocketAddress r && r.getPort() != 0
                    ? new FourTuple(l, r) : null;
        } catch (Throwable closedOrNotInet) { // Netty's own exceptions, for a closed or domain socket
            return null;
        }
    }

    private static MethodHandle[] nettyAddresses(Class<?> unixSocket) {
        try {
            MethodType inet = MethodType.methodType(InetSocketAddress.class);
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            return new MethodHandle[] {lookup.findVirtual(unixSocket, "localAddress", inet),
                lookup.findVirtual(unixSocket, "remoteAddress", inet)};
        } catch (ReflectiveOperationException | RuntimeException e) { // another Netty whose API differs
            return null;
        }
    }

    /** Returns whether a {@code SocketImpl}'s local address takes one system call (else two, through getOption). */
    static boolean readsLocalAddressInOneCall() {
        return LOCAL_INET_ADDRESS != null;
    }

    /** The local address of a connected {@code SocketImpl}; an {@code IOException} if it is closed. */
    private static Object localAddress(SocketImpl impl) throws Throwable {
        if (LOCAL_INET_ADDRESS == null) {
            return ((SocketOptions) impl).getOption(SocketOptions.SO_BINDADDR);
        }
        FileDescriptor fd = (FileDescriptor) FILE_DESCRIPTOR.invoke(impl);
        if (fd == null || !fd.valid()) {
            throw new SocketException("Socket closed");
        }
        return (InetAddress) LOCAL_INET_ADDRESS.invoke(fd);
    }

    private static MethodHandle localInetAddress() {
        try {
            Class<?> net = Class.forName("sun.nio.ch.Net");
            return MethodHandles.privateLookupIn(net, MethodHandles.lookup()).findStatic(net, "localInetAddress",
                    MethodType.methodType(InetAddress.class, FileDescriptor.class));
        } catch (ReflectiveOperationException | RuntimeException e) { // not opened, or no such method in this JDK
            return null;
        }
    }
}
