package io.socketwatch.internal.os;

import io.socketwatch.model.TcpState;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of the OS socket table.
 *
 * @param state  the kernel's state
 * @param tuple  local and remote endpoint; a LISTEN socket's remote is the wildcard address with port 0
 * @param inode  the socket's inode, {@code 0} for rows without an owner (TIME_WAIT, orphaned FIN_WAIT2)
 * @param uid    the owner's user id, {@code -1} where the source does not tell
 * @param timer  time left on the socket's running timer (TIME_WAIT counts down from 60 s), empty when none runs or
 *               the source does not tell
 */
public record SocketEntry(TcpState state, FourTuple tuple, long inode, int uid, Optional<Duration> timer) {

    public SocketEntry {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(tuple, "tuple");
        Objects.requireNonNull(timer, "timer");
        if (inode < 0) {
            throw new IllegalArgumentException("inode < 0: " + inode);
        }
    }

    /** Returns whether the row has an owning socket (a non-zero inode). */
    public boolean hasOwner() {
        return inode != 0;
    }

    @Override
    public String toString() {
        return tuple + " " + state + (inode != 0 ? " inode=" + inode : "") + timer.map(t -> " timer=" + t).orElse("");
    }
}
