package io.socketwatch.internal.os;

import io.socketwatch.model.TcpState;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the OS socket table: as a whole ({@link #scan()}, cost grows with the table) or one connection at a time
 * ({@link #lookup(FourTuple)}, which per-test checks use). Implementations are thread-safe.
 */
public interface SocketTableReader {

    /** Describes where this reader's rows come from and what it cannot see. */
    TableSource source();

    /**
     * Reads every TCP socket of the network namespace (IPv4 and IPv6).
     *
     * @throws SocketTableException if the table cannot be read or a row is malformed
     */
    SocketTable scan();

    /**
     * Reads the TCP sockets in {@code states} only. This default filters a full {@link #scan()}; a reader that can
     * ask the OS for those rows alone (netlink) costs what they cost, not what the whole table does.
     *
     * @throws SocketTableException if the table cannot be read or a row is malformed
     */
    default SocketTable scan(Set<TcpState> states) {
        SocketTable all = scan();
        return new SocketTable(all.source(), all.readAt(),
                all.entries().stream().filter(entry -> states.contains(entry.state())).toList());
    }

    /**
     * Finds the socket with exactly this local and remote endpoint, or empty if the OS has no such socket (fully
     * closed). Never answers with a different socket, such as the LISTEN socket a server-side tuple was accepted on.
     *
     * @throws SocketTableException if the table cannot be read
     */
    Optional<SocketEntry> lookup(FourTuple tuple);
}
