package io.socketwatch.internal.os;

import java.util.Optional;

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
     * Finds the socket with exactly this local and remote endpoint, or empty if the OS has no such socket (fully
     * closed). Never answers with a different socket, such as the LISTEN socket a server-side tuple was accepted on.
     *
     * @throws SocketTableException if the table cannot be read
     */
    Optional<SocketEntry> lookup(FourTuple tuple);
}
