package io.socketwatch.internal.os;

import java.lang.reflect.InvocationTargetException;

/**
 * Opens the cheapest {@link NetlinkTransport} this JVM can use: FFM on JDK 22+ when the jar carries it (the
 * multi-release {@code META-INF/versions/22}, built on JDK 22+), else JNA.
 */
final class NetlinkTransports {

    static final String FFM_CLASS = "io.socketwatch.internal.os.FfmNetlinkTransport";

    private NetlinkTransports() {
    }

    /**
     * Opens a {@code NETLINK_SOCK_DIAG} socket.
     *
     * @throws SocketTableException if the socket cannot be opened
     * @throws LinkageError         if JNA or libc cannot be loaded (when FFM is not available)
     */
    static NetlinkTransport open() {
        if (Runtime.version().feature() >= 22) {
            Class<?> ffm;
            try {
                ffm = Class.forName(FFM_CLASS, true, NetlinkTransports.class.getClassLoader());
            } catch (ClassNotFoundException builtWithoutFfm) {
                return JnaNetlinkTransport.open();
            }
            try {
                return (NetlinkTransport) ffm.getDeclaredMethod("open").invoke(null);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new SocketTableException("cannot open netlink through FFM: " + e.getCause(), e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new SocketTableException("cannot open netlink through FFM: " + e, e);
            }
        }
        return JnaNetlinkTransport.open();
    }
}
