package io.socketwatch.internal.tracker;

import io.socketwatch.internal.os.FourTuple;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketImpl;
import java.net.SocketOptions;
import java.nio.channels.SocketChannel;

/**
 * Reads the 4-tuple of a connected JDK socket object: a {@code SocketChannel} through its public API, a
 * {@code SocketImpl} through its protected getters (the agent opens {@code java.net} to socketwatch for that).
 */
final class SocketAddresses {

    private static final MethodHandle REMOTE_ADDRESS;
    private static final MethodHandle REMOTE_PORT;
    private static final MethodHandle LOCAL_PORT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(SocketImpl.class, MethodHandles.lookup());
            REMOTE_ADDRESS = lookup.findVirtual(SocketImpl.class, "getInetAddress", MethodType.methodType(InetAddress.class));
            REMOTE_PORT = lookup.findVirtual(SocketImpl.class, "getPort", MethodType.methodType(int.class));
            LOCAL_PORT = lookup.findVirtual(SocketImpl.class, "getLocalPort", MethodType.methodType(int.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private SocketAddresses() {
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
                Object local = ((SocketOptions) impl).getOption(SocketOptions.SO_BINDADDR);
                if (remote == null || remotePort == 0 || !(local instanceof InetAddress localAddress)) {
                    return null;
                }
                return new FourTuple(new InetSocketAddress(localAddress, (int) LOCAL_PORT.invoke(impl)),
                        new InetSocketAddress(remote, remotePort));
            }
            return null;
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
