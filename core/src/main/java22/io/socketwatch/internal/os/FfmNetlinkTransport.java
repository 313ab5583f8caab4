package io.socketwatch.internal.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A {@link NetlinkTransport} through the JDK's foreign function API (JDK 22+), about three times cheaper a call than
 * JNA. Lives in the multi-release part of the jar ({@code META-INF/versions/22}); {@link NetlinkTransports} finds it
 * by name. Like any native access on JDK 24+, it makes the JVM warn unless run with
 * {@code --enable-native-access=ALL-UNNAMED}. Not thread-safe; its memory is shared so that any one thread at a time
 * may use it.
 */
final class FfmNetlinkTransport implements NetlinkTransport {

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

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(PathElement.groupElement("errno"));
    private static final MethodHandle SOCKET =
            downcall("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SENDTO = downcall("sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECV =
            downcall("recv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle CLOSE = downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private final Arena arena;
    private final int fd;
    private final MemorySegment callState;
    private final MemorySegment requestSegment;
    private final ByteBuffer request;
    private final MemorySegment receiveSegment;
    private final MemorySegment kernelAddress;
    private boolean closed;

    private FfmNetlinkTransport(Arena arena, int fd, MemorySegment callState) {
        this.arena = arena;
        this.fd = fd;
        this.callState = callState;
        requestSegment = arena.allocate(REQUEST_CAPACITY, 8);
        request = requestSegment.asByteBuffer().order(ByteOrder.nativeOrder());
        receiveSegment = arena.allocate(RECEIVE_CAPACITY, 8);
        kernelAddress = arena.allocate(SOCKADDR_NL_SIZE, 4); // zeroed: pid 0, the kernel
        kernelAddress.set(JAVA_SHORT, 0, (short) AF_NETLINK);
    }

    /**
     * Opens a {@code NETLINK_SOCK_DIAG} socket.
     *
     * @throws SocketTableException if the socket cannot be opened
     */
    static FfmNetlinkTransport open() {
        if (ADDRESS.byteSize() != 8) {
            throw new SocketTableException("netlink through FFM needs a 64-bit JVM");
        }
        Arena arena = Arena.ofShared();
        MemorySegment callState = arena.allocate(CALL_STATE);
        int fd;
        try {
            fd = (int) SOCKET.invokeExact(callState, AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
        } catch (Throwable e) {
            arena.close();
            throw unexpected("socket", e);
        }
        if (fd < 0) {
            int errno = errno(callState);
            arena.close();
            throw new SocketTableException("cannot open a NETLINK_SOCK_DIAG socket: errno " + errno);
        }
        return new FfmNetlinkTransport(arena, fd, callState);
    }

    @Override
    public String kind() {
        return "FFM";
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
            sent = (long) SENDTO.invokeExact(callState, fd, requestSegment, (long) length, 0, kernelAddress,
                    SOCKADDR_NL_SIZE);
        } catch (Throwable e) {
            throw unexpected("sendto", e);
        }
        if (sent < 0) {
            throw new SocketTableException("netlink sendto failed: errno " + errno(callState));
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
            received = (long) RECV.invokeExact(callState, fd, receiveSegment, (long) RECEIVE_CAPACITY,
                    MSG_DONTWAIT | MSG_TRUNC);
        } catch (Throwable e) {
            throw unexpected("recv", e);
        }
        if (received < 0) {
            int errno = errno(callState);
            if (errno == EAGAIN) {
                return null;
            }
            throw new SocketTableException("netlink recv failed: errno " + errno);
        }
        if (received > RECEIVE_CAPACITY) {
            throw new SocketTableException("netlink reply of " + received + " bytes exceeds the " + RECEIVE_CAPACITY
                    + "-byte buffer");
        }
        return receiveSegment.asSlice(0, received).asByteBuffer().order(ByteOrder.nativeOrder());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        int result;
        try {
            result = (int) CLOSE.invokeExact(callState, fd);
        } catch (Throwable e) {
            arena.close();
            throw unexpected("close", e);
        }
        int errno = result < 0 ? errno(callState) : 0;
        arena.close();
        if (result < 0) {
            throw new SocketTableException("closing the netlink socket failed: errno " + errno);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("netlink socket closed");
        }
    }

    private static int errno(MemorySegment callState) {
        return (int) ERRNO.get(callState, 0L);
    }

    private static MethodHandle downcall(String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(symbol, descriptor, CAPTURE_ERRNO);
    }

    private static SocketTableException unexpected(String call, Throwable e) {
        if (e instanceof Error error) {
            throw error;
        }
        return new SocketTableException("netlink " + call + " through FFM failed: " + e, e);
    }
}
