package io.socketwatch.benchmarks;

import io.socketwatch.internal.os.FourTuple;
import io.socketwatch.internal.os.NetlinkSocketTableReader;
import io.socketwatch.internal.os.ProcNetTcpReader;
import io.socketwatch.internal.os.SocketEntry;
import io.socketwatch.internal.os.SocketTable;
import io.socketwatch.model.TcpState;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Exact netlink look-ups (one, and ten distinct connections as a test's check does) against one full
 * {@code /proc/net/tcp{,6}} scan and against spawning {@code ss -tan}, with {@code timeWaits} extra TIME_WAIT rows on
 * loopback (made by a {@link TimeWaitFiller}). Run: {@code java -jar benchmarks/target/benchmarks.jar NetlinkLookup
 * -f 1 -wi 3 -i 5}. The namespace is shared: other processes' rows (and TIME_WAITs left by a run less than 60 s
 * earlier) count too; each iteration prints the table's size before it starts. JMH runs each trial in a fresh JVM;
 * a trial keeps the rows earlier trials left, or waits up to 70 s for them to expire if they are too many.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class NetlinkLookupBenchmark {

    /** JMH's default iteration (10 s) plus a margin: TIME_WAIT rows that must last through the next iteration. */
    private static final Duration OUTLIVE_ITERATION = Duration.ofSeconds(12);

    @Param({"0", "10000", "50000"})
    public int timeWaits;

    private ServerSocket server;
    private Socket client;
    private Socket accepted;
    private final java.util.List<Socket> tenClients = new java.util.ArrayList<>();
    private final java.util.List<Socket> tenAccepted = new java.util.ArrayList<>();
    private final java.util.List<FourTuple> ten = new java.util.ArrayList<>();
    private FourTuple established;
    private FourTuple absent;
    private TimeWaitFiller filler;
    private NetlinkSocketTableReader netlink;
    private ProcNetTcpReader procfs;

    @Setup(Level.Trial)
    public void setUp() throws IOException, InterruptedException {
        server = new ServerSocket(0, 1000, InetAddress.getByName("127.0.0.1"));
        client = new Socket("127.0.0.1", server.getLocalPort());
        accepted = server.accept();
        established = new FourTuple((InetSocketAddress) client.getLocalSocketAddress(),
                (InetSocketAddress) client.getRemoteSocketAddress());
        absent = new FourTuple(new InetSocketAddress("127.0.0.1", 9), new InetSocketAddress("127.0.0.1", 9));
        for (int i = 0; i < 10; i++) {
            Socket each = new Socket("127.0.0.1", server.getLocalPort());
            tenClients.add(each);
            tenAccepted.add(server.accept());
            ten.add(new FourTuple((InetSocketAddress) each.getLocalSocketAddress(),
                    (InetSocketAddress) each.getRemoteSocketAddress()));
        }
        netlink = NetlinkSocketTableReader.open();
        procfs = new ProcNetTcpReader();
        filler = new TimeWaitFiller();
        awaitExpiry();
        if (netlink.lookup(established).map(SocketEntry::state).orElse(null) != TcpState.ESTABLISHED) {
            throw new IllegalStateException("netlink does not see " + established);
        }
        System.err.printf("%nsetup: %s%n", netlink.source().name());
    }

    /**
     * Tops the table up before each iteration so that at least {@code timeWaits} of the fillers' TIME_WAIT rows
     * outlive it: a row lasts 60 s and a trial longer, and rows made together expire together. Rows about to expire are not
     * counted, so the table may hold up to twice as many for a while. Rounds are bounded, and the filler's own loops
     * stop by themselves; after them the rows are counted, and an iteration with fewer than 98% of
     * {@code timeWaits} fails rather than measure the wrong table.
     */
    @Setup(Level.Iteration)
    public void topUp() throws IOException {
        long lasting = fillerTimeWaits(OUTLIVE_ITERATION);
        for (int round = 0; round < 5 && lasting < timeWaits * 0.98; round++) {
            filler.fill((int) (timeWaits - lasting));
            lasting = fillerTimeWaits(OUTLIVE_ITERATION);
        }
        if (lasting < timeWaits * 0.98) {
            throw new IllegalStateException("only " + lasting + " of " + timeWaits + " TIME_WAIT rows after 5 rounds");
        }
        System.err.printf("[%d rows, %d TIME_WAIT from fillers] ", procfs.scan().entries().size(),
                fillerTimeWaits(Duration.ZERO));
    }

    /** Counts fillers' TIME_WAIT rows with more than {@code left} to live ({@code ZERO}: all of them). */
    private long fillerTimeWaits(Duration left) {
        SocketTable table = procfs.scan();
        SocketTable lasting = new SocketTable(table.source(), table.readAt(), table.entries().stream()
                .filter(e -> left.isZero() || e.timer().orElse(Duration.ZERO).compareTo(left) > 0)
                .toList());
        return filler.timeWaits(lasting);
    }

    /**
     * Waits, at most 70 s, until the TIME_WAIT rows that earlier trials' fillers left are no more than twice
     * {@code timeWaits}, so that a {@code timeWaits = 0} trial after a 50,000 one measures a small table. A trial that
     * wants as many rows or more counts and keeps them.
     */
    private void awaitExpiry() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(70);
        while (fillerTimeWaits(Duration.ZERO) > 2L * timeWaits && System.nanoTime() < deadline) {
            Thread.sleep(1000);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        filler.close();
        netlink.close();
        for (Socket each : tenClients) {
            each.close();
        }
        for (Socket each : tenAccepted) {
            each.close();
        }
        accepted.close();
        client.close();
        server.close();
    }

    @Benchmark
    public Optional<SocketEntry> netlinkLookup() {
        return netlink.lookup(established);
    }

    /** An IPv4 tuple that is absent: one AF_INET request answered with ENOENT. */
    @Benchmark
    public Optional<SocketEntry> netlinkLookupAbsent() {
        return netlink.lookup(absent);
    }

    /** Ten distinct established connections, one look-up each. */
    @Benchmark
    public int netlinkLookupTen() {
        int found = 0;
        for (FourTuple tuple : ten) {
            found += netlink.lookup(tuple).isPresent() ? 1 : 0;
        }
        return found;
    }

    /** The whole table as two netlink dumps (AF_INET, AF_INET6), as {@code ss} reads it: the reader's scan. */
    @Benchmark
    public SocketTable netlinkScan() {
        return netlink.scan();
    }

    @Benchmark
    public SocketTable procfsScan() {
        return procfs.scan();
    }

    /** What a tool shelling out to {@code ss -tan} pays: a process, and its whole output read. */
    @Benchmark
    public long ssTan() throws IOException, InterruptedException {
        Process ss = new ProcessBuilder("ss", "-tan").redirectErrorStream(true).start();
        long bytes;
        try (InputStream out = ss.getInputStream()) {
            bytes = out.transferTo(java.io.OutputStream.nullOutputStream());
        }
        if (ss.waitFor() != 0) {
            throw new IllegalStateException("ss -tan exited with " + ss.exitValue());
        }
        return bytes;
    }
}
