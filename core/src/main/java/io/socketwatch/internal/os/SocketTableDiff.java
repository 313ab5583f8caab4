package io.socketwatch.internal.os;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What changed in the OS socket table between two reads: rows that appeared, rows that disappeared, and rows whose
 * state changed, matched by 4-tuple. A row whose state did not change is in none of the three lists, even if its
 * timer moved. Immutable.
 *
 * <p>A 4-tuple is one socket at a time, except for a moment when a new connection reuses the tuple of one in
 * TIME_WAIT: such a pair is reported as a change of state.
 *
 * @param appeared    rows of the later read whose tuple the earlier one did not have
 * @param disappeared rows of the earlier read whose tuple the later one does not have
 * @param changed     rows present in both with another state
 */
public record SocketTableDiff(List<SocketEntry> appeared, List<SocketEntry> disappeared, List<Change> changed) {

    /** One tuple's row before and after. */
    public record Change(SocketEntry before, SocketEntry after) {

        public Change {
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(after, "after");
        }
    }

    public SocketTableDiff {
        appeared = List.copyOf(appeared);
        disappeared = List.copyOf(disappeared);
        changed = List.copyOf(changed);
    }

    /** Compares two reads of the table, {@code before} taken first. */
    public static SocketTableDiff between(SocketTable before, SocketTable after) {
        Map<FourTuple, SocketEntry> earlier = byTuple(before);
        Map<FourTuple, SocketEntry> later = byTuple(after);
        List<SocketEntry> appeared = new ArrayList<>();
        List<Change> changed = new ArrayList<>();
        for (SocketEntry now : later.values()) {
            SocketEntry then = earlier.get(now.tuple());
            if (then == null) {
                appeared.add(now);
            } else if (then.state() != now.state()) {
                changed.add(new Change(then, now));
            }
        }
        List<SocketEntry> disappeared = new ArrayList<>();
        for (SocketEntry then : earlier.values()) {
            if (!later.containsKey(then.tuple())) {
                disappeared.add(then);
            }
        }
        return new SocketTableDiff(appeared, disappeared, changed);
    }

    /** Returns whether nothing appeared, disappeared or changed state. */
    public boolean isEmpty() {
        return appeared.isEmpty() && disappeared.isEmpty() && changed.isEmpty();
    }

    /** Indexes a read by tuple; where a tuple has two rows, the one with an owner (the newer socket) wins. */
    private static Map<FourTuple, SocketEntry> byTuple(SocketTable table) {
        Map<FourTuple, SocketEntry> rows = new LinkedHashMap<>();
        for (SocketEntry entry : table.entries()) {
            rows.merge(entry.tuple(), entry, (first, second) -> second.hasOwner() && !first.hasOwner() ? second : first);
        }
        return rows;
    }
}
