package io.socketwatch.testing;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A TCP socket of this process made through libc ({@code socket}, {@code connect} or {@code accept}, {@code close}
 * through JNA), never through the JDK's socket classes: socketwatch's agent does not see it, as it does not see a
 * native transport's sockets (Netty's epoll). IPv4, 64-bit Linux.
 */
public final class NativeSocket implements AutoCloseable {

    private interface LibC extends Library {

        LibC INSTANCE = Native.load("c", LibC.class);

        int socket(int domain, int type, int protocol) throws LastErrorException;

        int connect(int fd, byte[] address, int length) throws LastErrorException;

        int getsockname(int fd, byte[] address, int[] length) throws LastErrorException;

        int bind(int fd, byte[] address, int length) throws LastErrorException;

        int listen(int fd, int backlog) throws LastErrorException;

        int accept(int fd, byte[] address, int[] length) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private static final int AF_INET = 2;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int SOCKADDR_IN_SIZE = 16;

    private final int fd;
    private final InetSocketAddress local;
    private final InetSocketAddress remote;
    private boolean closed;

    private NativeSocket(int fd, InetSocketAddress local, InetSocketAddress remote) {
        this.fd = fd;
        this.local = local;
        this.remote = remote;
    }

    /** Connects to {@code remote}, an IPv4 address, blocking until the handshake is done. */
    public static NativeSocket connect(InetSocketAddress remote) {
        LibC libc = LibC.INSTANCE;
        int fd = libc.socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        try {
            libc.connect(fd, sockaddr(remote), SOCKADDR_IN_SIZE);
            return new NativeSocket(fd, boundAddress(libc, fd), remote);
        } catch (LastErrorException | UnknownHostException e) {
            libc.close(fd);
            throw new IllegalStateException("cannot connect a native socket to " + remote + ": " + e, e);
        }
    }

    /**
     * Listens on {@code local} (port 0 for any) and returns the listener: {@link #accept()} takes a connection from
     * it. {@link #remote()} of a listener is {@code local} itself.
     */
    public static NativeSocket listen(InetSocketAddress local) {
        LibC libc = LibC.INSTANCE;
        int fd = libc.socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        try {
            libc.bind(fd, sockaddr(local), SOCKADDR_IN_SIZE);
            libc.listen(fd, 1);
            InetSocketAddress bound = boundAddress(libc, fd);
            return new NativeSocket(fd, bound, bound);
        } catch (LastErrorException | UnknownHostException e) {
            libc.close(fd);
            throw new IllegalStateException("cannot listen natively on " + local + ": " + e, e);
        }
    }

    /** Accepts a connection on this listener, blocking until one arrives. */
    public NativeSocket accept() {
        byte[] peer = new byte[SOCKADDR_IN_SIZE];
        try {
            int accepted = LibC.INSTANCE.accept(fd, peer, new int[] {SOCKADDR_IN_SIZE});
            return new NativeSocket(accepted, boundAddress(LibC.INSTANCE, accepted), address(peer));
        } catch (LastErrorException | UnknownHostException e) {
            throw new IllegalStateException("cannot accept natively on " + local + ": " + e, e);
        }
    }

    /** This end, as the kernel bound it. */
    public InetSocketAddress local() {
        return local;
    }

    public InetSocketAddress remote() {
        return remote;
    }

    /** Closes the socket; idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            LibC.INSTANCE.close(fd);
        }
    }

    private static InetSocketAddress boundAddress(LibC libc, int fd) throws UnknownHostException {
        byte[] bound = new byte[SOCKADDR_IN_SIZE];
        libc.getsockname(fd, bound, new int[] {SOCKADDR_IN_SIZE});
        return address(bound);
    }

    private static byte[] sockaddr(InetSocketAddress address) {
        if (!(address.getAddress() instanceof Inet4Address)) {
            throw new IllegalArgumentException("IPv4 only: " + address);
        }
        ByteBuffer out = ByteBuffer.allocate(SOCKADDR_IN_SIZE);
        out.order(ByteOrder.nativeOrder()).putShort((short) AF_INET);
        out.order(ByteOrder.BIG_ENDIAN).putShort((short) address.getPort()).put(address.getAddress().getAddress());
        return out.array();
    }

    private static InetSocketAddress address(byte[] sockaddr) throws UnknownHostException {
        ByteBuffer in = ByteBuffer.wrap(sockaddr).order(ByteOrder.BIG_ENDIAN);
        int port = Short.toUnsignedInt(in.getShort(2));
        byte[] address = new byte[4];
        in.get(4, address);
        return new InetSocketAddress(InetAddress.getByAddress(address), port);
    }
}
