package io.socketwatch.internal.os;

import io.socketwatch.internal.os.InetDiagMessages.Done;
import io.socketwatch.internal.os.InetDiagMessages.Failed;
import io.socketwatch.internal.os.InetDiagMessages.Found;
import io.socketwatch.internal.os.InetDiagMessages.Reply;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Reads every TCP socket of one address family through a netlink {@code SOCK_DIAG_BY_FAMILY} dump, as {@code ss}
 * does: the same rows as {@code /proc/net/tcp} ({@code AF_INET}) or {@code /proc/net/tcp6} ({@code AF_INET6}), with
 * inode, uid and timer, at a fraction of the cost (the kernel formats no text). Like {@code /proc}, a dump is not one
 * atomic snapshot: a socket that changes state meanwhile may be missed or seen twice.
 */
final class SockDiagDump {

    private static final int EBUSY = 16;

    private SockDiagDump() {
    }

    /** The kernel refused the dump request itself (an {@code NLMSG_ERROR} answer): nothing was read. */
    static final class RefusedException extends SocketTableException {

        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message);
        }
    }

    /**
     * The kernel answered {@code EBUSY}: an earlier dump on this socket, cut short, still runs. Nothing was read; a
     * scan can read {@code /proc} this time.
     */
    static final class BusyException extends SocketTableException {

        private static final long serialVersionUID = 1L;

        BusyException(String message) {
            super(message);
        }
    }

    /**
     * Dumps {@code family}'s TCP sockets over {@code transport} as request {@code sequence} and adds them to
     * {@code into}. Answers to other requests still queued on the socket are skipped.
     *
     * @throws RefusedException     if the kernel answers the request with an error other than {@code EBUSY}
     * @throws BusyException        if it answers {@code EBUSY}: an earlier dump on this socket was abandoned midway
     * @throws SocketTableException if a message is malformed, of another family, or the dump stops before
     *                              {@code NLMSG_DONE} or with an error
     */
    static void dump(NetlinkTransport transport, int sequence, int family, List<SocketEntry> into) {
        dump(transport, sequence, family, InetDiagMessages.ALL_STATES, into);
    }

    /**
     * Like {@link #dump(NetlinkTransport, int, int, List)}, for the sockets in the states {@code states} selects
     * ({@link InetDiagMessages#stateMask}): the kernel skips the others, so the cost follows the rows it sends.
     */
    static void dump(NetlinkTransport transport, int sequence, int family, int states, List<SocketEntry> into) {
        String what = "netlink SOCK_DIAG dump of " + (family == InetDiagMessages.AF_INET ? "AF_INET" : "AF_INET6");
        ByteBuffer request = transport.request();
        InetDiagMessages.writeDumpRequest(request, sequence, family, states);
        transport.send(request.position());
        int rows = 0;
        for (ByteBuffer datagram = transport.receive(); datagram != null; datagram = transport.receive()) {
            while (datagram.hasRemaining()) {
                Reply reply = InetDiagMessages.readReply(datagram, sequence);
                if (reply instanceof Found found) {
                    if (found.family() != family) {
                        throw new SocketTableException(what + ": malformed reply: a row of family " + found.family()
                                + ": " + found.entry());
                    }
                    into.add(found.entry());
                    rows++;
                } else if (reply instanceof Done done) {
                    if (done.errno() != 0) {
                        throw new SocketTableException(what + " stopped after " + rows + " rows: errno "
                                + done.errno());
                    }
                    return;
                } else if (reply instanceof Failed failed) {
                    if (rows > 0) {
                        throw new SocketTableException(what + " failed after " + rows + " rows: errno "
                                + failed.errno());
                    }
                    if (failed.errno() == EBUSY) {
                        throw new BusyException(what + ": an earlier dump on this socket still runs (EBUSY)");
                    }
                    throw new RefusedException(what + " refused: errno " + failed.errno());
                }
                // Foreign: the answer to an earlier, abandoned request; skip it
            }
        }
        throw new SocketTableException(what + ": the kernel stopped answering before NLMSG_DONE");
    }
}
