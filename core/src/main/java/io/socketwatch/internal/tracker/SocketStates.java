package io.socketwatch.internal.tracker;

import io.socketwatch.internal.os.FourTuple;
import io.socketwatch.internal.os.SocketEntry;
import io.socketwatch.internal.os.SocketTableReader;
import io.socketwatch.internal.os.SocketTableReaders;
import io.socketwatch.internal.os.SocketTableReaders.LookupReader;
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

    /**
     * Answers through exact netlink look-ups when {@link SocketTableReaders#lookups()} finds them working, else from
     * full scans with a limitation saying why. The netlink reader stays open (one file descriptor) for as long as
     * the returned object is used: call this once per JVM.
     */
    static SocketStates preferringLookups() {
        LookupReader chosen = SocketTableReaders.lookups();
        return chosen.fallbackReason()
                .map(reason -> scanning(chosen.reader(), "socketwatch read socket states by scanning the whole OS "
                        + "table (" + chosen.reader().source().name() + ") because " + reason
                        + "; each check costs about 2 µs per row of the table"))
                .orElseGet(() -> lookingUp(chosen.reader()));
    }

    /**
     * Answers with one {@link SocketTableReader#lookup} per tuple: cost grows with the number of tuples, not with the
     * table, so it suits readers with exact look-ups and windows with few connections.
     */
    static SocketStates lookingUp(SocketTableReader reader) {
        return new SocketStates() {
            @Override
            public Map<FourTuple, SocketEntry> lookup(Collection<FourTuple> tuples) {
                Map<FourTuple, SocketEntry> found = new HashMap<>();
                for (FourTuple tuple : new HashSet<>(tuples)) {
                    reader.lookup(tuple).ifPresent(entry -> found.put(tuple, entry));
                }
                return found;
            }

            @Override
            public String limitation() {
                return "";
            }
        };
    }

    /** Answers from one full scan per call: right everywhere, but its cost grows with the whole table. */
    static SocketStates scanning(SocketTableReader reader) {
        return scanning(reader, "");
    }

    /** Like {@link #scanning(SocketTableReader)}, with {@code limitation} for the activity's notes. */
    static SocketStates scanning(SocketTableReader reader, String limitation) {
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
                return limitation;
            }
        };
    }
}
