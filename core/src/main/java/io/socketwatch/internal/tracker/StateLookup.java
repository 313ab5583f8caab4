package io.socketwatch.internal.tracker;

import io.socketwatch.internal.os.FourTuple;
import io.socketwatch.internal.os.NetstatReader;
import io.socketwatch.internal.os.SocketEntry;
import io.socketwatch.internal.os.SocketTable;
import io.socketwatch.internal.os.SocketTableReader;
import io.socketwatch.internal.os.SocketTableReaders;
import io.socketwatch.internal.os.SocketTableReaders.LookupReader;
import io.socketwatch.model.TcpState;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Looks up the OS state of many connections at once. */
interface StateLookup {

    /** Returns the OS row of each tuple that has one; tuples absent from the result are not in the OS table. */
    Map<FourTuple, SocketEntry> lookup(Collection<FourTuple> tuples);

    /** What these look-ups cost or miss, for the activity's notes; empty when nothing worth saying. */
    String limitation();

    /**
     * Reads the rows of the whole table that are in {@code states}: through netlink, one dump per family that the
     * kernel filters by state; else a full scan, filtered. The table's source says which.
     *
     * @throws io.socketwatch.internal.os.SocketTableException if the table cannot be read
     */
    SocketTable rowsIn(Set<TcpState> states);

    /**
     * Answers through exact netlink look-ups when {@link SocketTableReaders#lookups()} finds them working, else from
     * full scans with a limitation saying why. The netlink reader stays open (one file descriptor) for as long as
     * the returned object is used: call this once per JVM.
     */
    static StateLookup preferringLookups() {
        return preferring(SocketTableReaders.lookups());
    }

    /** Looks up through {@code chosen}'s reader, or scans with it and says why when it comes with a fallback reason. */
    static StateLookup preferring(LookupReader chosen) {
        return chosen.fallbackReason()
                .map(reason -> scanning(chosen.reader(), "socketwatch read socket states by scanning the whole OS "
                        + "table (" + chosen.reader().source().name() + ") because " + reason
                        + (chosen.reader() instanceof NetstatReader ? "; each check runs netstat once"
                                : "; each check costs about 2 µs per row of the table")))
                .orElseGet(() -> lookingUp(chosen.reader()));
    }

    /**
     * Like {@link #preferringLookups()}, but chooses on a daemon thread so that the agent's installation does not wait
     * for it (loading JNA and the self-test take a few hundred milliseconds): until the choice is made, states come
     * from full scans, which are right, only slower.
     */
    static StateLookup preferringLookupsInBackground() {
        java.util.concurrent.CompletableFuture<StateLookup> chosen = new java.util.concurrent.CompletableFuture<>();
        Thread chooser = new Thread(() -> {
            try {
                chosen.complete(preferringLookups());
            } catch (RuntimeException | LinkageError e) {
                chosen.complete(scanning(new io.socketwatch.internal.os.ProcNetTcpReader(), "socketwatch read socket "
                        + "states by scanning the whole OS table because choosing a reader failed: " + e));
            }
        }, "socketwatch-socket-table");
        chooser.setDaemon(true);
        chooser.start();
        StateLookup meanwhile = scanning(new io.socketwatch.internal.os.ProcNetTcpReader());
        return new StateLookup() {
            @Override
            public Map<FourTuple, SocketEntry> lookup(Collection<FourTuple> tuples) {
                return chosen.getNow(meanwhile).lookup(tuples);
            }

            @Override
            public String limitation() {
                return chosen.getNow(meanwhile).limitation();
            }

            /** Waits for the choice, at most {@link #CHOICE_WAIT}: its source tells whether to note a fallback. */
            @Override
            public SocketTable rowsIn(Set<TcpState> states) {
                StateLookup now;
                try {
                    now = chosen.get(CHOICE_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    now = meanwhile;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    now = meanwhile;
                }
                return now.rowsIn(states);
            }
        };
    }

    /** Above this many tuples, one scan of the table costs less than a look-up each. */
    int MAX_LOOKUPS = 256;

    /** How long {@link #rowsIn} waits, at most, for the background choice of a reader (once per JVM). */
    java.time.Duration CHOICE_WAIT = java.time.Duration.ofSeconds(2);

    /**
     * Answers with one {@link SocketTableReader#lookup} per tuple: cost grows with the number of tuples, not with the
     * table, so it suits readers with exact look-ups and windows with few connections. Beyond {@link #MAX_LOOKUPS}
     * tuples it scans the table once instead.
     */
    static StateLookup lookingUp(SocketTableReader reader) {
        StateLookup scanning = scanning(reader);
        return new StateLookup() {
            @Override
            public Map<FourTuple, SocketEntry> lookup(Collection<FourTuple> tuples) {
                if (tuples.size() > MAX_LOOKUPS) {
                    return scanning.lookup(tuples);
                }
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

            @Override
            public SocketTable rowsIn(Set<TcpState> states) {
                return reader.scan(states);
            }
        };
    }

    /** Answers from one full scan per call: right everywhere, but its cost grows with the whole table. */
    static StateLookup scanning(SocketTableReader reader) {
        return scanning(reader, "");
    }

    /** Like {@link #scanning(SocketTableReader)}, with {@code limitation} for the activity's notes. */
    static StateLookup scanning(SocketTableReader reader, String limitation) {
        return new StateLookup() {
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

            @Override
            public SocketTable rowsIn(Set<TcpState> states) {
                return reader.scan(states);
            }
        };
    }
}
