package io.socketwatch.internal.tracker;

import io.socketwatch.internal.os.FourTuple;
import io.socketwatch.internal.os.SocketEntry;
import io.socketwatch.internal.os.SocketTableReader;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Looks up the OS state of many connections at once. */
interface SocketStates {

    /** Returns the OS row of each tuple that has one; tuples absent from the result are not in the OS table. */
    Map<FourTuple, SocketEntry> lookup(Collection<FourTuple> tuples);

    /** What these look-ups cost or miss, for the activity's notes; empty when nothing worth saying. */
    String limitation();

    /** Answers from one full scan per call: right everywhere, but its cost grows with the whole table. */
    static SocketStates scanning(SocketTableReader reader) {
        return new SocketStates() {
            @Override
            public Map<FourTuple, SocketEntry> lookup(Collection<FourTuple> tuples) {
                if (tuples.isEmpty()) {
                    return Map.of();
                }
                Set<FourTuple> wanted = new HashSet<>(tuples);
                Map<FourTuple, SocketEntry> found = new HashMap<>();
                for (SocketEntry entry : reader.scan().entries()) {
                    if (wanted.contains(entry.tuple())) {
                        found.put(entry.tuple(), entry);
                    }
                }
                return found;
            }

            @Override
            public String limitation() {
                return "";
            }
        };
    }
}
