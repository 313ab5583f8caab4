package io.socketwatch.internal.tracker;

import io.socketwatch.internal.os.FourTuple;
import io.socketwatch.internal.os.SocketTableException;
import io.socketwatch.internal.tracker.Membership.Member;
import io.socketwatch.model.OpeningSite;
import io.socketwatch.model.TcpConnection;
import io.socketwatch.model.TcpConnection.Origin;
import io.socketwatch.model.TcpState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * A window's look for sockets of this process in CLOSE_WAIT that the agent does not see, from an {@link
 * UntrackedCloseWait} baseline read when the window started or when a native transport loaded. A socket found keeps
 * the id and first sighting it was given, in every activity of the window. Such a socket is tied to the window only
 * when no other thread's window was open meanwhile; otherwise it is named in a note.
 */
final class UntrackedLook {

    private final UntrackedCloseWait untracked;
    private final RecordingHost host;
    private final Clock clock;
    /** The id and first sighting of each untracked socket found, by inode: the same in every activity. */
    private final Map<Long, TcpConnection> found = new ConcurrentHashMap<>();

    /** @param host tells which 4-tuples the tracker follows, and gives the ids of the sockets found */
    UntrackedLook(UntrackedCloseWait untracked, RecordingHost host, Clock clock) {
        this.untracked = untracked;
        this.host = host;
        this.clock = clock;
    }

    /**
     * Begins one settling's looks, for a window whose connections are {@code connections}.
     *
     * @param overlapped tells, whenever asked, whether another thread's window has been open during this one
     */
    Settling settling(List<Member> connections, BooleanSupplier overlapped) {
        return new Settling(connections, overlapped);
    }

    /** One settling's looks; keeps the latest answer. */
    final class Settling {

        private final Set<FourTuple> tracked = new HashSet<>();
        private final BooleanSupplier overlapped;
        private List<UntrackedCloseWait.Found> latest = List.of();
        private final List<String> notes = new ArrayList<>();
        private boolean failed;

        private Settling(List<Member> connections, BooleanSupplier overlapped) {
            this.overlapped = overlapped;
            connections.forEach(member -> tracked.add(member.connection().tuple));
        }

        /**
         * Looks again; returns whether it found any socket that may be the window's: none while another thread's
         * window was open meanwhile. A table that cannot be read ends the looks, with a note.
         */
        boolean look() {
            if (failed) {
                return false; // said so once
            }
            notes.clear();
            try {
                latest = untracked.find(tuple -> tracked.contains(tuple) || host.following(tuple) != null, notes);
            } catch (SocketTableException e) {
                latest = List.of();
                failed = true;
                notes.add("socketwatch could not look for sockets it does not instrument in CLOSE_WAIT: "
                        + e.getMessage());
            }
            return !latest.isEmpty() && !overlapped.getAsBoolean();
        }

        /** Adds what the latest look found: as connections of a window that ran alone, else as a note. */
        void report(List<TcpConnection> connections, List<String> activityNotes) {
            activityNotes.addAll(notes);
            if (latest.isEmpty()) {
                return;
            }
            if (overlapped.getAsBoolean()) {
                activityNotes.add("socketwatch found " + latest.size() + " socket(s) of this process in CLOSE_WAIT "
                        + "that it does not instrument (a native transport such as Netty's epoll or io_uring), but "
                        + "judged none: other threads' windows were open meanwhile, and such a socket cannot be tied "
                        + "to one: "
                        + String.join(", ", latest.stream().map(each -> each.entry().tuple().toString()).toList()));
                return;
            }
            for (UntrackedCloseWait.Found each : latest) {
                connections.add(found.computeIfAbsent(each.entry().inode(), inode -> new TcpConnection(
                        host.nextId(), each.entry().tuple().local(), each.entry().tuple().remote(),
                        each.side(), Origin.UNTRACKED, clock.instant(), null, TcpConnection.ClosedFirst.PEER, 0, 0, 0,
                        OpeningSite.UNKNOWN, TcpState.CLOSE_WAIT, false)));
            }
        }
    }
}
