package io.socketwatch.internal.os;

import io.socketwatch.internal.os.InetDiagMessages.Failed;
import io.socketwatch.internal.os.InetDiagMessages.Found;
import io.socketwatch.internal.os.InetDiagMessages.Reply;
import io.socketwatch.model.TcpState;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Reads the socket table through netlink {@code SOCK_DIAG_BY_FAMILY} (JNA, or FFM on JDK 22+): look-ups one socket at
 * a time with an exact {@code inet_diag_sockid}, a few microseconds whatever the size of the table, and full scans as
 * dumps, as {@code ss} reads it. Linux only.
 *
 * <p>Thread-safe: one netlink socket, one request (look-up or scan) at a time under a lock. Holds a file descriptor until
 * {@link #close()}.
 */
public final class NetlinkSocketTableReader implements SocketTableReader, AutoCloseable {

    private static final InetAddress IPV4_ANY = new InetSocketAddress("0.0.0.0", 0).getAddress();
    private static final InetAddress IPV6_ANY = new InetSocketAddress("::", 0).getAddress();

    private final NetlinkTransport transport;
    private final TableSource source;
    private final ProcNetTcpReader scanner = new ProcNetTcpReader();
    private final ReentrantLock lock = new ReentrantLock();
    private int sequence;
    private boolean dumpsRefused;

    NetlinkSocketTableReader(NetlinkTransport transport) {
        this.transport = transport;
        this.source = new TableSource("netlink SOCK_DIAG (" + transport.kind() + "): exact look-ups, dumps for scans",
                "other network namespaces");
    }

    /**
     * Opens a netlink socket: through FFM on JDK 22+ when this jar carries it, else through JNA.
     *
     * @throws SocketTableException if the socket cannot be opened (not 64-bit Linux, or netlink refused)
     * @throws LinkageError         if JNA or libc cannot be loaded
     */
    public static NetlinkSocketTableReader open() {
        return new NetlinkSocketTableReader(NetlinkTransports.open());
    }

    @Override
    public TableSource source() {
        return source;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Dumps {@code AF_INET}, then {@code AF_INET6}: the rows of {@code /proc/net/tcp} and {@code /proc/net/tcp6},
     * with the same inodes, uids and states, and timers in milliseconds rather than ticks. Blocks look-ups meanwhile.
     * If the kernel refuses dumps, this and every later scan reads {@code /proc/net/tcp{,6}} instead; if an earlier
     * dump was cut short (a malformed reply) and still runs, this scan does; the table's source says which.
     */
    @Override
    public SocketTable scan() {
        SocketTable dumped = dump(InetDiagMessages.ALL_STATES);
        return dumped != null ? dumped : scanner.scan();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Dumps as {@link #scan()} does, asking the kernel for the rows in {@code states} only: a dump of the few
     * CLOSE_WAIT sockets of a table of 50,000 TIME_WAIT rows sends a few rows. Falls back as {@link #scan()} does.
     */
    @Override
    public SocketTable scan(Set<TcpState> states) {
        SocketTable dumped = dump(InetDiagMessages.stateMask(states));
        return dumped != null ? dumped : scanner.scan(states);
    }

    /** Dumps both families' sockets in {@code states}, or returns {@code null} when {@code /proc} must answer. */
    private SocketTable dump(int states) {
        lock.lock();
        try {
            if (!dumpsRefused) {
                Instant readAt = Instant.now();
                List<SocketEntry> entries = new ArrayList<>();
                try {
                    SockDiagDump.dump(transport, ++sequence, InetDiagMessages.AF_INET, states, entries);
                    SockDiagDump.dump(transport, ++sequence, InetDiagMessages.AF_INET6, states, entries);
                    return new SocketTable(source, readAt, entries);
                } catch (SockDiagDump.RefusedException refused) {
                    dumpsRefused = true;
                } catch (SockDiagDump.BusyException busy) {
                    // read /proc this time; the abandoned dump's replies are skipped as foreign by later requests
                }
            }
        } finally {
            lock.unlock();
        }
        return null;
    }

    /**
     * {@inheritDoc}
     *
     * <p>One request a tuple: an IPv4 tuple as {@code AF_INET}, which also finds Java's dual-stack sockets
     * ({@code AF_INET6}, {@code ::ffff:a.b.c.d}) in every state, since the kernel keeps IPv4 connections of both
     * families in one table (and answers an {@code AF_INET6} request with IPv4-mapped addresses from the same
     * table); an IPv6 tuple as {@code AF_INET6}. The kernel may answer an exact look-up of a gone connection with the
     * LISTEN socket it was accepted on: an answer whose endpoints differ from the request counts as absent. A
     * LISTEN socket is found with the wildcard remote of either family ({@code 0.0.0.0:0} or {@code [::]:0}); the
     * entry carries the kernel's tuple, as a scan would.
     */
    @Override
    public Optional<SocketEntry> lookup(FourTuple tuple) {
        boolean ipv4 = InetDiagMessages.isIpv4(tuple.local().getAddress());
        if (ipv4 != InetDiagMessages.isIpv4(tuple.remote().getAddress()) && !isWildcard(tuple.remote())) {
            return Optional.empty(); // an IPv4 endpoint never talks to a non-mapped IPv6 one
        }
        lock.lock();
        try {
            return lookup(tuple, ipv4 ? InetDiagMessages.AF_INET : InetDiagMessages.AF_INET6);
        } finally {
            lock.unlock();
        }
    }

    private Optional<SocketEntry> lookup(FourTuple tuple, int family) {
        int seq = ++sequence;
        ByteBuffer request = transport.request();
        InetDiagMessages.writeRequest(request, seq, family, requestable(tuple));
        transport.send(request.position());
        for (ByteBuffer datagram = transport.receive(); datagram != null; datagram = transport.receive()) {
            while (datagram.hasRemaining()) {
                Reply reply = InetDiagMessages.readReply(datagram, seq);
                if (reply instanceof Found found) {
                    return matches(found.entry(), tuple) ? Optional.of(found.entry()) : Optional.empty();
                }
                if (reply instanceof Failed failed) {
                    if (failed.errno() == InetDiagMessages.ENOENT) {
                        return Optional.empty();
                    }
                    throw new SocketTableException("netlink SOCK_DIAG look-up of " + tuple + " failed: errno "
                            + failed.errno());
                }
                // Foreign: the answer to an earlier, abandoned request; skip it
            }
        }
        throw new SocketTableException("netlink SOCK_DIAG look-up of " + tuple + ": the kernel sent no answer");
    }

    /** A listener's wildcard remote goes out in the local endpoint's family, whichever wildcard the caller used. */
    private static FourTuple requestable(FourTuple tuple) {
        boolean ipv4 = InetDiagMessages.isIpv4(tuple.local().getAddress());
        if (isWildcard(tuple.remote()) && ipv4 != InetDiagMessages.isIpv4(tuple.remote().getAddress())) {
            return new FourTuple(tuple.local(), new InetSocketAddress(ipv4 ? IPV4_ANY : IPV6_ANY, 0));
        }
        return tuple;
    }

    /** Whether the kernel's answer is the requested socket and not, say, the LISTEN socket behind a gone tuple. */
    static boolean matches(SocketEntry entry, FourTuple requested) {
        FourTuple found = entry.tuple();
        if (!found.local().equals(requested.local())) {
            return false;
        }
        if (isWildcard(requested.remote())) {
            return entry.state() == TcpState.LISTEN && isWildcard(found.remote());
        }
        return entry.state() != TcpState.LISTEN && found.remote().equals(requested.remote());
    }

    private static boolean isWildcard(InetSocketAddress endpoint) {
        return endpoint.getPort() == 0 && endpoint.getAddress().isAnyLocalAddress();
    }

    /** Closes the netlink socket; idempotent. Look-ups afterwards throw {@link IllegalStateException}. */
    @Override
    public void close() {
        lock.lock();
        try {
            transport.close();
        } finally {
            lock.unlock();
        }
    }
}
