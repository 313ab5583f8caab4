package io.socketwatch.internal.os;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** A {@link NetlinkTransport} through JNA and libc, for 64-bit Linux on any JDK. Not thread-safe. */
final class JnaNetlinkTransport implements NetlinkTransport {

    private static final int AF_NETLINK = 16;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int NETLINK_SOCK_DIAG = 4;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int MSG_TRUNC = 0x20;
    private static final int EAGAIN = 11;
    private static final int SOCKADDR_NL_SIZE = 12;
    private static final int REQUEST_CAPACITY = 256;
    private static final int RECEIVE_CAPACITY = 16 * 1024;

    private final LibC libc;
    private final int fd;
    private final Memory requestMemory = new Memory(REQUEST_CAPACITY);
    private final ByteBuffer request = requestMemory.getByteBuffer(0, REQUEST_CAPACITY).order(ByteOrder.nativeOrder());
    private final Memory receiveMemory = new Memory(RECEIVE_CAPACITY);
    private final Memory kernelAddress = new Memory(SOCKADDR_NL_SIZE);
    private boolean closed;

    private JnaNetlinkTransport(LibC libc, int fd) {
        this.libc = libc;
        this.fd = fd;
        kernelAddress.clear();
        kernelAddress.setShort(0, (short) AF_NETLINK); // sockaddr_nl with pid 0: the kernel
    }

    /**
     * Opens a {@code NETLINK_SOCK_DIAG} socket.
     *
     * @throws SocketTableException if this is not 64-bit Linux or the socket cannot be opened
     * @throws LinkageError         if JNA or libc cannot be loaded
     */
    static JnaNetlinkTransport open() {
        if (Native.SIZE_T_SIZE != 8) {
            throw new SocketTableException("netlink through JNA needs a 64-bit JVM (size_t is " + Native.SIZE_T_SIZE
                    + " bytes)");
        }
        LibC libc = LibC.INSTANCE;
        try {
            return new JnaNetlinkTransport(libc, libc.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG));
        } catch (LastErrorException e) {
            throw new SocketTableException("cannot open a NETLINK_SOCK_DIAG socket: errno " + e.getErrorCode(), e);
        }
    }

    @Override
    public String kind() {
        return "JNA";
    }

    @Override
    public ByteBuffer request() {
        ensureOpen();
        return request.clear();
    }

    @Override
    public void send(int length) {
        ensureOpen();
        long sent;
        try {
            sent = libc.sendto(fd, requestMemory, length, 0, kernelAddress, SOCKADDR_NL_SIZE);
        } catch (LastErrorException e) {
            throw new SocketTableException("netlink sendto failed: errno " + e.getErrorCode(), e);
        }
        if (sent != length) {
            throw new SocketTableException("netlink sendto sent " + sent + " of " + length + " bytes");
        }
    }

    @Override
    public ByteBuffer receive() {
        ensureOpen();
        long received;
        try {
            received = libc.recv(fd, receiveMemory, RECEIVE_CAPACITY, MSG_DONTWAIT | MSG_TRUNC);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == EAGAIN) {
                return null;
            }
            throw new SocketTableException("netlink recv failed: errno " + e.getErrorCode(), e);
        }
        if (received > RECEIVE_CAPACITY) {
            throw new SocketTableException("netlink reply of " + received + " bytes exceeds the " + RECEIVE_CAPACITY
                    + "-byte buffer");
        }
        return receiveMemory.getByteBuffer(0, received).order(ByteOrder.nativeOrder());
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                libc.close(fd);
            } catch (LastErrorException e) {
                throw new SocketTableException("closing the netlink socket failed: errno " + e.getErrorCode(), e);
            } finally {
                requestMemory.close();
                receiveMemory.close();
                kernelAddress.close();
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("netlink socket closed");
        }
    }
}
