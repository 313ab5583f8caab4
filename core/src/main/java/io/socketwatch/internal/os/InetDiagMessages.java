package io.socketwatch.internal.os;

import io.socketwatch.model.TcpState;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;

/**
 * Packs a {@code SOCK_DIAG_BY_FAMILY} request ({@code nlmsghdr} + {@code inet_diag_req_v2}), exact or a dump, and
 * unpacks the kernel's answers ({@code inet_diag_msg}, {@code NLMSG_ERROR} or {@code NLMSG_DONE}), after
 * {@code linux/netlink.h} and {@code linux/inet_diag.h}. Buffers carry the host's byte order; ports and addresses are
 * big-endian bytes.
 */
final class InetDiagMessages {

    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int ENOENT = 2;

    /** {@code nlmsghdr} (16) + {@code inet_diag_req_v2} (56). */
    static final int REQUEST_LENGTH = 72;

    private static final int NLMSGHDR_LENGTH = 16;
    private static final int NLMSG_ERROR = 2;
    private static final int NLMSG_DONE = 3;
    private static final int SOCK_DIAG_BY_FAMILY = 20;
    private static final int NLM_F_REQUEST = 1;
    /** {@code NLM_F_ROOT | NLM_F_MATCH}: every socket the request's family, protocol and states select. */
    private static final int NLM_F_DUMP = 0x300;
    private static final int IPPROTO_TCP = 6;
    /** {@code idiag_states} selecting every state: bit {@code 1 << code} selects the state of that kernel code. */
    static final int ALL_STATES = ~0;
    private static final int NO_COOKIE = ~0;
    /** {@code inet_diag_msg} is 72 bytes; attributes may follow. */
    private static final int DIAG_MSG_LENGTH = 72;
    private static final byte[] IPV4_MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

    private InetDiagMessages() {
    }

    /** What one netlink message in a reply says. */
    sealed interface Reply permits Found, Failed, Done, Foreign {
    }

    /** The kernel found a socket: its row as the kernel describes it, to be checked against the request. */
    record Found(int family, SocketEntry entry) implements Reply {
    }

    /** {@code NLMSG_ERROR}: {@code errno} is positive ({@link #ENOENT} for no such socket); 0 is a bare ACK. */
    record Failed(int errno) implements Reply {
    }

    /** {@code NLMSG_DONE}: a dump ended; {@code errno} is positive if it ended early, else 0. */
    record Done(int errno) implements Reply {
    }

    /** A message for another request (another sequence number) or of another type: skip it. */
    record Foreign(int sequence, int type) implements Reply {
    }

    /**
     * Writes an exact look-up of {@code tuple} as {@code family} into {@code out} from its position. For
     * {@link #AF_INET6}, IPv4 endpoints are written IPv4-mapped ({@code ::ffff:a.b.c.d}); for {@link #AF_INET} both
     * endpoints must be IPv4.
     */
    static void writeRequest(ByteBuffer out, int sequence, int family, FourTuple tuple) {
        writeHeader(out, NLM_F_REQUEST, sequence, family);
        putPort(out, tuple.local().getPort());
        putPort(out, tuple.remote().getPort());
        putAddress(out, family, tuple.local().getAddress());
        putAddress(out, family, tuple.remote().getAddress());
        out.putInt(0).putInt(NO_COOKIE).putInt(NO_COOKIE);
    }

    /**
     * Writes a dump of every TCP socket of {@code family} in every state into {@code out} from its position: the
     * kernel answers with one {@code inet_diag_msg} per socket, over as many datagrams as it takes, then
     * {@code NLMSG_DONE}. An {@link #AF_INET} dump holds what {@code /proc/net/tcp} shows, an {@link #AF_INET6} one
     * what {@code /proc/net/tcp6} shows (dual-stack sockets included).
     */
    static void writeDumpRequest(ByteBuffer out, int sequence, int family) {
        writeDumpRequest(out, sequence, family, ALL_STATES);
    }

    /**
     * Like {@link #writeDumpRequest(ByteBuffer, int, int)}, for the sockets in the states {@code states} selects
     * ({@code idiag_states}, see {@link #stateMask}): the kernel filters them, so it sends only those rows.
     */
    static void writeDumpRequest(ByteBuffer out, int sequence, int family, int states) {
        writeHeader(out, NLM_F_REQUEST | NLM_F_DUMP, sequence, family, states);
        out.put(new byte[REQUEST_LENGTH - NLMSGHDR_LENGTH - 8]); // inet_diag_sockid: no filter
    }

    /** Returns the {@code idiag_states} bits that select {@code states}. */
    static int stateMask(java.util.Set<TcpState> states) {
        int mask = 0;
        for (TcpState state : states) {
            if (state != TcpState.UNKNOWN) {
                mask |= 1 << state.code();
            }
        }
        return mask;
    }

    private static void writeHeader(ByteBuffer out, int flags, int sequence, int family) {
        writeHeader(out, flags, sequence, family, ALL_STATES);
    }

    private static void writeHeader(ByteBuffer out, int flags, int sequence, int family, int states) {
        out.putInt(REQUEST_LENGTH).putShort((short) SOCK_DIAG_BY_FAMILY).putShort((short) flags)
                .putInt(sequence).putInt(0);
        out.put((byte) family).put((byte) IPPROTO_TCP).put((byte) 0).put((byte) 0).putInt(states);
    }

    /**
     * Reads the netlink message at {@code in}'s position and advances past it (to the next, aligned to 4 bytes).
     *
     * @throws SocketTableException if the message is truncated or names an unknown family or state
     */
    static Reply readReply(ByteBuffer in, int sequence) {
        int start = in.position();
        if (in.remaining() < NLMSGHDR_LENGTH) {
            throw malformed("truncated netlink header (" + in.remaining() + " bytes)");
        }
        int length = in.getInt(start);
        int type = Short.toUnsignedInt(in.getShort(start + 4));
        int replySequence = in.getInt(start + 8);
        if (length < NLMSGHDR_LENGTH || length > in.remaining()) {
            throw malformed("netlink message length " + length + " with " + in.remaining() + " bytes received");
        }
        in.position(Math.min(in.limit(), start + ((length + 3) & ~3)));
        if (replySequence != sequence || (type != NLMSG_ERROR && type != NLMSG_DONE && type != SOCK_DIAG_BY_FAMILY)) {
            return new Foreign(replySequence, type);
        }
        if (type == NLMSG_DONE) {
            if (length < NLMSGHDR_LENGTH + 4) {
                throw malformed("truncated NLMSG_DONE (" + length + " bytes)");
            }
            return new Done(-in.getInt(start + NLMSGHDR_LENGTH));
        }
        if (type == NLMSG_ERROR) {
            if (length < NLMSGHDR_LENGTH + 4) {
                throw malformed("truncated NLMSG_ERROR (" + length + " bytes)");
            }
            return new Failed(-in.getInt(start + NLMSGHDR_LENGTH));
        }
        if (length < NLMSGHDR_LENGTH + DIAG_MSG_LENGTH) {
            throw malformed("truncated inet_diag_msg (" + length + " bytes)");
        }
        return readDiagMessage(in, start + NLMSGHDR_LENGTH);
    }

    private static Found readDiagMessage(ByteBuffer in, int at) {
        int family = Byte.toUnsignedInt(in.get(at));
        int stateCode = Byte.toUnsignedInt(in.get(at + 1));
        int timer = Byte.toUnsignedInt(in.get(at + 2));
        int localPort = bigEndianShort(in, at + 4);
        int remotePort = bigEndianShort(in, at + 6);
        InetAddress local = address(in, at + 8, family);
        InetAddress remote = address(in, at + 24, family);
        long expiresMillis = Integer.toUnsignedLong(in.getInt(at + 52));
        int uid = in.getInt(at + 64);
        long inode = Integer.toUnsignedLong(in.getInt(at + 68));
        TcpState state;
        try {
            state = TcpState.ofCode(stateCode);
        } catch (IllegalArgumentException e) {
            throw malformed(e.getMessage());
        }
        FourTuple tuple = new FourTuple(new InetSocketAddress(local, localPort), new InetSocketAddress(remote, remotePort));
        Optional<Duration> left = timer == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(expiresMillis));
        return new Found(family, new SocketEntry(state, tuple, inode, uid, left));
    }

    private static int bigEndianShort(ByteBuffer in, int at) {
        return (Byte.toUnsignedInt(in.get(at)) << 8) | Byte.toUnsignedInt(in.get(at + 1));
    }

    /** Reads an address; an IPv4-mapped one comes back as IPv4, as {@link FourTuple} would make it anyway. */
    private static InetAddress address(ByteBuffer in, int at, int family) {
        byte[] bytes;
        if (family == AF_INET) {
            bytes = new byte[4];
        } else if (family == AF_INET6) {
            bytes = isIpv4Mapped(in, at) ? new byte[4] : new byte[16];
            at += 16 - bytes.length;
        } else {
            throw malformed("unexpected address family " + family);
        }
        in.get(at, bytes);
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new AssertionError(impossible);
        }
    }

    private static boolean isIpv4Mapped(ByteBuffer in, int at) {
        for (int i = 0; i < IPV4_MAPPED_PREFIX.length; i++) {
            if (in.get(at + i) != IPV4_MAPPED_PREFIX[i]) {
                return false;
            }
        }
        return true;
    }

    private static void putPort(ByteBuffer out, int port) {
        out.put((byte) (port >>> 8)).put((byte) port);
    }

    private static void putAddress(ByteBuffer out, int family, InetAddress address) {
        byte[] bytes = address.getAddress();
        if (family == AF_INET) {
            if (bytes.length != 4) {
                throw new IllegalArgumentException("not an IPv4 address: " + address);
            }
            out.put(bytes).put(new byte[12]);
        } else if (bytes.length == 4) {
            out.put(IPV4_MAPPED_PREFIX).put(bytes);
        } else {
            out.put(bytes);
        }
    }

    /** Returns whether {@code address} is IPv4 (FourTuple holds IPv4-mapped addresses as IPv4). */
    static boolean isIpv4(InetAddress address) {
        return address instanceof Inet4Address;
    }

    private static SocketTableException malformed(String what) {
        return new SocketTableException("netlink SOCK_DIAG: malformed reply: " + what);
    }
}
