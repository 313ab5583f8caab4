package io.socketwatch.internal.tracker;

import io.socketwatch.internal.os.FourTuple;
import io.socketwatch.internal.os.ProcessSockets;
import io.socketwatch.internal.os.SocketEntry;
import io.socketwatch.internal.os.SocketTable;
import io.socketwatch.internal.os.SocketTableException;
import io.socketwatch.model.TcpConnection.Side;
import io.socketwatch.model.TcpState;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Looks, for one window, for sockets of this process that entered CLOSE_WAIT and that the tracker does not follow:
 * sockets opened by code the agent does not instrument, such as Netty's native transports or JNI code. Reads the OS
 * table's CLOSE_WAIT rows when the window starts and each time it settles (through netlink, one dump per family that
 * the kernel filters by state, so the rows sent are few even beside 50,000 TIME_WAIT rows), and this process's
 * socket inodes ({@code /proc/self/fd}) and its LISTEN rows only when a CLOSE_WAIT row is new and unknown to the
 * tracker. A dump costs the same whatever it selects (the kernel walks its whole socket hash); the README's
 * performance section gives the figure.
 *
 * <p>A socket already in CLOSE_WAIT when the window started is its baseline, never its finding.
 */
final class UntrackedCloseWait {

    private static final Set<TcpState> CLOSE_WAIT = EnumSet.of(TcpState.CLOSE_WAIT);
    private static final Set<TcpState> LISTEN = EnumSet.of(TcpState.LISTEN);

    /**
     * One such socket.
     *
     * @param side {@code SERVER} when one of this process's sockets listens on its local port, else {@code CLIENT}
     */
    record Found(SocketEntry entry, Side side) {
    }

    private final StateLookup states;
    private final Set<Long> atStart = new HashSet<>();
    private final String startFailure;

    /** Reads the CLOSE_WAIT rows there are now: the window's baseline. */
    UntrackedCloseWait(StateLookup states) {
        this.states = states;
        String failure = null;
        try {
            for (SocketEntry row : states.rowsIn(CLOSE_WAIT).entries()) {
                if (row.state() == TcpState.CLOSE_WAIT && row.hasOwner()) {
                    atStart.add(row.inode());
                }
            }
        } catch (SocketTableException e) {
            failure = e.getMessage();
        }
        this.startFailure = failure;
    }

    /**
     * Returns this process's sockets in CLOSE_WAIT now that were not when the window started and whose 4-tuple
     * {@code tracked} does not know, in the order the kernel created them.
     *
     * @param notes told what limited the look, one sentence each
     * @throws SocketTableException if the table or {@code /proc/self/fd} cannot be read
     */
    List<Found> find(Predicate<FourTuple> tracked, List<String> notes) {
        if (startFailure != null) {
            notes.add("socketwatch did not look for sockets it does not instrument in CLOSE_WAIT: the OS table "
                    + "could not be read when the window started (" + startFailure + ")");
            return List.of();
        }
        SocketTable table = states.rowsIn(CLOSE_WAIT);
        if (!table.source().name().startsWith("netlink") && states.limitation().isEmpty()) {
            notes.add("socketwatch looked for sockets it does not instrument in CLOSE_WAIT by scanning "
                    + table.source().name() + ", as netlink dumps are unavailable: about 2 µs per row of the table, "
                    + "at the window's start and each time it settles");
        }
        Map<Long, SocketEntry> fresh = new LinkedHashMap<>(); // by inode: a dump may show a socket twice
        for (SocketEntry row : table.entries()) {
            if (row.state() == TcpState.CLOSE_WAIT && row.hasOwner() && !atStart.contains(row.inode())
                    && !tracked.test(row.tuple())) {
                fresh.put(row.inode(), row);
            }
        }
        if (fresh.isEmpty()) {
            return List.of(); // the common case: no /proc/self/fd listing
        }
        Set<Long> own = ProcessSockets.ownInodes();
        List<SocketEntry> ours = fresh.values().stream()
                .filter(row -> own.contains(row.inode()))
                .sorted(java.util.Comparator.comparingLong(SocketEntry::inode))
                .toList();
        if (ours.isEmpty()) {
            return List.of(); // other processes' sockets
        }
        List<SocketEntry> listening = states.rowsIn(LISTEN).entries(); // a few rows, when there is something to tell
        List<Found> found = new ArrayList<>();
        ours.forEach(row -> found.add(new Found(row, side(row, listening, own))));
        return found;
    }

    /** A socket whose local port one of this process's sockets listens on (on its address or all) was accepted. */
    private static Side side(SocketEntry socket, List<SocketEntry> listening, Set<Long> own) {
        for (SocketEntry row : listening) {
            if (row.state() == TcpState.LISTEN && own.contains(row.inode())
                    && row.tuple().local().getPort() == socket.tuple().local().getPort()
                    && (row.tuple().local().getAddress().isAnyLocalAddress()
                    || row.tuple().local().getAddress().equals(socket.tuple().local().getAddress()))) {
                return Side.SERVER;
            }
        }
        return Side.CLIENT;
    }
}
