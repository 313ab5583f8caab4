package io.socketwatch.internal.os;

import io.socketwatch.internal.net.CanonicalAddresses;
import io.socketwatch.model.TcpState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Chooses the OS socket table reader for per-connection look-ups. The netlink reader it prefers also makes the
 * cheapest full scans (dumps), so callers that scan may use it too.
 */
public final class SocketTableReaders {

    private SocketTableReaders() {
    }

    /**
     * The chosen reader, and why it is not the netlink one when it is not.
     *
     * @param reader         answers look-ups; a {@link NetlinkSocketTableReader} when {@code fallbackReason} is empty
     * @param fallbackReason why exact look-ups are unavailable, one sentence callers can show; empty when they are
     */
    public record LookupReader(SocketTableReader reader, Optional<String> fallbackReason) {

        public LookupReader {
            Objects.requireNonNull(reader, "reader");
            Objects.requireNonNull(fallbackReason, "fallbackReason");
        }
    }

    /**
     * Returns a {@link NetlinkSocketTableReader} on Linux when it opens and passes a self-test (it finds a LISTEN
     * socket bound for the purpose with the right inode, and no longer finds it once closed), else a
     * {@link ProcNetTcpReader} with the reason; on macOS, FreeBSD and Windows a {@link NetstatReader} with the reason. Never throws for an unusable netlink; the netlink reader it returns
     * stays open for the caller to close. The first call also loads JNA (on JDK 17-21), which
     * takes longer than the look-ups that follow.
     */
    public static LookupReader lookups() {
        return lookups(System.getProperty("os.name", ""), NetlinkSocketTableReader::open);
    }

    static LookupReader lookups(String osName, Supplier<NetlinkSocketTableReader> opener) {
        if (!osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
            String reason = "netlink SOCK_DIAG exists only on Linux (os.name is '" + osName + "')";
            return NetstatReader.forOs(osName)
                    .map(netstat -> new LookupReader(netstat, Optional.of(reason)))
                    .orElseGet(() -> fallback(reason));
        }
        NetlinkSocketTableReader reader;
        try {
            reader = opener.get();
        } catch (RuntimeException | LinkageError e) {
            return fallback("cannot open a netlink SOCK_DIAG socket: " + e);
        }
        try {
            selfTest(reader);
            return new LookupReader(reader, Optional.empty());
        } catch (RuntimeException | IOException e) {
            try {
                reader.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            return fallback("netlink SOCK_DIAG failed its self-test: " + e);
        }
    }

    /**
     * Looks up a fresh LISTEN socket, then the same tuple after closing it.
     *
     * @throws SocketTableException naming what netlink answered wrongly
     */
    static void selfTest(SocketTableReader reader) throws IOException {
        FourTuple listening;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listening = new FourTuple((InetSocketAddress) server.getLocalSocketAddress(),
                    new InetSocketAddress(InetAddress.getByAddress(new byte[4]), 0));
            SocketEntry entry = reader.lookup(listening).orElseThrow(() ->
                    new SocketTableException("a LISTEN socket on " + CanonicalAddresses.format(listening.local())
                            + " was not found"));
            if (entry.state() != TcpState.LISTEN || !ProcessSockets.ownInodes().contains(entry.inode())) {
                throw new SocketTableException("a LISTEN socket on " + CanonicalAddresses.format(listening.local())
                        + " was found as '" + entry + "', not in state LISTEN with one of this process's inodes");
            }
        }
        Optional<SocketEntry> afterClose = reader.lookup(listening);
        if (afterClose.isPresent()) {
            throw new SocketTableException("a closed LISTEN socket on " + CanonicalAddresses.format(listening.local())
                    + " was still found: '" + afterClose.get() + "'");
        }
    }

    private static LookupReader fallback(String reason) {
        return new LookupReader(new ProcNetTcpReader(), Optional.of(reason));
    }
}
