package io.socketwatch.internal.os;

import static io.socketwatch.internal.os.LoopbackConnections.await;
import static io.socketwatch.internal.os.LoopbackConnections.drainAndClose;
import static io.socketwatch.internal.os.LoopbackConnections.tuple;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socketwatch.internal.os.InetDiagMessages.Found;
import io.socketwatch.internal.os.InetDiagMessages.Reply;
import io.socketwatch.model.TcpState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** What every netlink transport must get right, on real loopback sockets; subclasses pick the transport. */
@EnabledOnOs(OS.LINUX)
abstract class NetlinkSocketTableReaderContract {

    private final NetlinkSocketTableReader reader = new NetlinkSocketTableReader(openTransport());

    /** Opens the transport under test. */
    abstract NetlinkTransport openTransport();
    private final ProcNetTcpReader procfs = new ProcNetTcpReader();

    @AfterEach
    void closeReader() {
        reader.close();
    }

    @Test
    void findsBothEndsOfAnEstablishedConnectionWithTheInodeProcfsShows() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
             Socket client = new Socket("127.0.0.1", server.getLocalPort());
             Socket accepted = server.accept()) {
            for (FourTuple end : List.of(tuple(client), tuple(accepted))) {
                SocketEntry found = reader.lookup(end).orElseThrow();
                assertThat(found.state()).isEqualTo(TcpState.ESTABLISHED);
                assertThat(found.tuple()).isEqualTo(end);
                assertThat(found.hasOwner()).isTrue();
                assertThat(found.inode()).isEqualTo(procfs.lookup(end).orElseThrow().inode());
                assertThat(found.uid()).isEqualTo(procfs.lookup(end).orElseThrow().uid());
            }
        }
    }

    @Test
    void findsAnIpv6LoopbackConnection() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("::1"));
             Socket client = new Socket("::1", server.getLocalPort());
             Socket accepted = server.accept()) {
            InetAddress ipv6Loopback = InetAddress.getByName("::1");
            assertThat(reader.lookup(tuple(client))).hasValueSatisfying(found -> {
                assertThat(found.state()).isEqualTo(TcpState.ESTABLISHED);
                assertThat(found.tuple().local().getAddress()).isEqualTo(ipv6Loopback);
                assertThat(found.inode()).isEqualTo(procfs.lookup(tuple(client)).orElseThrow().inode());
            });
            assertThat(reader.lookup(tuple(accepted))).map(SocketEntry::state).hasValue(TcpState.ESTABLISHED);
        }
    }

    @Test
    void findsADualStackSocketConnectedTo127001AndAnIpv4OnlyOne() throws IOException {
        try (ServerSocketChannel ipv4Server = ServerSocketChannel.open(StandardProtocolFamily.INET)
                .bind(new InetSocketAddress("127.0.0.1", 0));
             SocketChannel dualStack = SocketChannel.open(StandardProtocolFamily.INET6);
             SocketChannel ipv4Only = SocketChannel.open(StandardProtocolFamily.INET)) {
            dualStack.connect(ipv4Server.getLocalAddress());
            ipv4Only.connect(ipv4Server.getLocalAddress());
            try (SocketChannel first = ipv4Server.accept(); SocketChannel second = ipv4Server.accept()) {
                for (SocketChannel channel : List.of(dualStack, ipv4Only, first, second)) {
                    FourTuple end = tuple(channel);
                    assertThat(end.local().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
                    assertThat(reader.lookup(end)).as("%s", end).hasValueSatisfying(found -> {
                        assertThat(found.state()).isEqualTo(TcpState.ESTABLISHED);
                        assertThat(found.inode()).isEqualTo(procfs.lookup(end).orElseThrow().inode());
                    });
                }
            }
        }
    }

    /**
     * Why an IPv4 tuple needs one request only: the kernel looks an {@code AF_INET} request up in the one table that
     * holds IPv4 connections of both families, so it finds a dual-stack ({@code AF_INET6}) socket's IPv4 connection
     * in every state, and answers with its {@code AF_INET6} row.
     */
    @Test
    void anIpv4RequestFindsDualStackSocketsInEveryState() throws Exception {
        List<AutoCloseable> open = new ArrayList<>();
        try {
            Set<FourTuple> made = new HashSet<>();
            openEveryState(StandardProtocolFamily.INET6, "127.0.0.1", open, made);
            Map<FourTuple, SocketEntry> rows = rowsOf(made, procfs.scan());
            assertThat(rows.values()).extracting(SocketEntry::state).containsExactlyInAnyOrder(TcpState.LISTEN,
                    TcpState.ESTABLISHED, TcpState.ESTABLISHED, TcpState.CLOSE_WAIT, TcpState.FIN_WAIT2,
                    TcpState.TIME_WAIT);
            for (SocketEntry row : rows.values()) {
                FourTuple asked = row.state() == TcpState.LISTEN
                        ? new FourTuple(row.tuple().local(), new InetSocketAddress("0.0.0.0", 0)) : row.tuple();
                assertThat(rawAnswer(asked, InetDiagMessages.AF_INET)).as("%s", row)
                        .isInstanceOfSatisfying(Found.class, found -> {
                            assertThat(found.family()).isEqualTo(InetDiagMessages.AF_INET6);
                            assertThat(found.entry().tuple()).isEqualTo(row.tuple());
                            assertThat(found.entry().state()).isEqualTo(row.state());
                            assertThat(found.entry().inode()).isEqualTo(row.inode());
                        });
            }
        } finally {
            for (AutoCloseable closeable : open) {
                closeable.close();
            }
        }
    }

    @Test
    void findsTheClosingSideInTimeWaitWithoutOwnerAndAtMostSixtySecondsLeft() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Socket client = new Socket("127.0.0.1", server.getLocalPort());
            Socket accepted = server.accept();
            FourTuple closer = tuple(client);
            client.close(); // the client closes first: TIME_WAIT on its side
            drainAndClose(accepted);

            Optional<SocketEntry> found = await(() -> reader.lookup(closer),
                    entry -> entry.map(SocketEntry::state).orElse(null) == TcpState.TIME_WAIT);
            assertThat(found).hasValueSatisfying(entry -> {
                assertThat(entry.state()).isEqualTo(TcpState.TIME_WAIT);
                assertThat(entry.inode()).isZero();
                assertThat(entry.tuple()).isEqualTo(closer);
                assertThat(entry.timer()).hasValueSatisfying(left ->
                        assertThat(left).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(60)));
            });
        }
    }

    @Test
    void findsThePassiveSideInCloseWaitWithItsOwner() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
             Socket client = new Socket("127.0.0.1", server.getLocalPort())) {
            server.accept().close(); // the server closes; the client never does
            Optional<SocketEntry> found = await(() -> reader.lookup(tuple(client)),
                    entry -> entry.map(SocketEntry::state).orElse(null) == TcpState.CLOSE_WAIT);
            assertThat(found).hasValueSatisfying(entry -> {
                assertThat(entry.state()).isEqualTo(TcpState.CLOSE_WAIT);
                assertThat(entry.inode()).isEqualTo(procfs.lookup(tuple(client)).orElseThrow().inode()).isNotZero();
            });
        }
    }

    @Test
    void aGoneServerSideTupleIsAbsentThoughTheKernelAnswersWithItsListenSocket() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Socket client = new Socket("127.0.0.1", server.getLocalPort());
            Socket accepted = server.accept();
            FourTuple serverSide = tuple(accepted);
            client.close(); // the client closes first: the server's end leaves the table after LAST_ACK
            drainAndClose(accepted);
            assertThat(await(() -> procfs.lookup(serverSide), Optional::isEmpty)).as("procfs row").isEmpty();

            assertThat(reader.lookup(serverSide)).isEmpty();
            // what makes the check necessary: the raw answer is the LISTEN socket
            assertThat(rawAnswer(serverSide, InetDiagMessages.AF_INET)).isInstanceOfSatisfying(Found.class, found -> {
                assertThat(found.entry().state()).isEqualTo(TcpState.LISTEN);
                assertThat(found.entry().tuple().local()).isEqualTo(server.getLocalSocketAddress());
            });
        }
    }

    @Test
    void aTupleThatNeverExistedIsAbsent() throws IOException {
        int unused;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            unused = probe.getLocalPort();
        }
        for (String host : List.of("127.0.0.1", "::1")) {
            InetAddress address = InetAddress.getByName(host);
            FourTuple never = new FourTuple(new InetSocketAddress(address, unused), new InetSocketAddress(address, 9));
            assertThat(reader.lookup(never)).as(host).isEmpty();
        }
    }

    @Test
    void findsAListenSocketByItsWildcardRemote() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            InetSocketAddress local = (InetSocketAddress) server.getLocalSocketAddress();
            for (String wildcard : List.of("0.0.0.0", "::")) { // either family's wildcard finds it
                FourTuple listening = new FourTuple(local, new InetSocketAddress(InetAddress.getByName(wildcard), 0));
                assertThat(reader.lookup(listening)).as(wildcard).hasValueSatisfying(found -> {
                    assertThat(found.state()).isEqualTo(TcpState.LISTEN);
                    assertThat(found.inode()).isEqualTo(procfs.lookup(found.tuple()).orElseThrow().inode());
                });
            }
        }
    }

    @Test
    void agreesWithAFullProcfsScanOnLiveConnections() throws Exception {
        List<AutoCloseable> open = new ArrayList<>();
        try {
            List<FourTuple> tuples = new ArrayList<>();
            for (String host : List.of("127.0.0.1", "::1")) {
                ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName(host));
                open.add(server);
                for (int i = 0; i < 5; i++) {
                    Socket client = new Socket(host, server.getLocalPort());
                    Socket accepted = server.accept();
                    open.add(client);
                    open.add(accepted);
                    tuples.add(tuple(client));
                    tuples.add(tuple(accepted));
                }
                Socket stranded = new Socket(host, server.getLocalPort());
                open.add(stranded);
                server.accept().close();
                tuples.add(tuple(stranded));
                await(() -> reader.lookup(tuple(stranded)),
                        entry -> entry.map(SocketEntry::state).orElse(null) == TcpState.CLOSE_WAIT);
            }
            Map<FourTuple, SocketEntry> scanned = procfs.scan().entries().stream()
                    .collect(Collectors.toMap(SocketEntry::tuple, Function.identity(), (a, b) -> a));
            for (FourTuple tuple : tuples) {
                SocketEntry expected = scanned.get(tuple);
                assertThat(expected).as("procfs row of %s", tuple).isNotNull();
                assertThat(reader.lookup(tuple)).as("%s", tuple).hasValueSatisfying(found -> {
                    assertThat(found.state()).isEqualTo(expected.state());
                    assertThat(found.inode()).isEqualTo(expected.inode());
                    assertThat(found.uid()).isEqualTo(expected.uid());
                    assertThat(found.tuple()).isEqualTo(expected.tuple());
                });
            }
        } finally {
            for (AutoCloseable closeable : open) {
                closeable.close();
            }
        }
    }

    @Test
    void concurrentLookUpsEachGetTheirOwnAnswer() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
             Socket client = new Socket("127.0.0.1", server.getLocalPort());
             Socket accepted = server.accept()) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                FourTuple end = t % 2 == 0 ? tuple(client) : tuple(accepted);
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        if (!reader.lookup(end).map(SocketEntry::tuple).orElseThrow().equals(end)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void skipsAStaleAnswerLeftQueuedByAnEarlierRequest() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("::1"));
             Socket client = new Socket("::1", server.getLocalPort());
             Socket accepted = server.accept();
             NetlinkTransport transport = openTransport()) {
            ByteBuffer abandoned = transport.request();
            InetDiagMessages.writeRequest(abandoned, -7, InetDiagMessages.AF_INET6, tuple(accepted));
            transport.send(abandoned.position()); // its answer, the server end, stays queued
            NetlinkSocketTableReader sharing = new NetlinkSocketTableReader(transport);

            // taking the queued server end for this answer would wrongly report the client end absent
            assertThat(sharing.lookup(tuple(client))).map(SocketEntry::tuple).hasValue(tuple(client));
            assertThat(sharing.lookup(tuple(accepted))).map(SocketEntry::tuple).hasValue(tuple(accepted));
        }
    }

    @Test
    void aScanWhileAnAbandonedDumpStillRunsReadsProcfsAndLookUpsStillWork() throws IOException {
        List<Socket> open = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 400, InetAddress.getLoopbackAddress());
             NetlinkTransport transport = openTransport()) {
            for (int i = 0; i < 300; i++) { // rows enough for a dump of several datagrams
                open.add(new Socket(server.getInetAddress(), server.getLocalPort()));
                open.add(server.accept());
            }
            ByteBuffer abandoned = transport.request();
            InetDiagMessages.writeDumpRequest(abandoned, -9, InetDiagMessages.AF_INET6);
            transport.send(abandoned.position());
            transport.receive(); // the first part only: the kernel keeps the rest of this dump for the socket
            NetlinkSocketTableReader sharing = new NetlinkSocketTableReader(transport);

            SocketTable table = sharing.scan();

            assertThat(table.source()).isEqualTo(procfs.source());
            Set<FourTuple> tuples = table.entries().stream().map(SocketEntry::tuple).collect(Collectors.toSet());
            assertThat(open).allSatisfy(socket -> assertThat(tuples).contains(tuple(socket)));
            assertThat(sharing.lookup(tuple(open.get(0)))).map(SocketEntry::tuple).hasValue(tuple(open.get(0)));
        } finally {
            for (Socket socket : open) {
                socket.close();
            }
        }
    }

    @Test
    void aClosedReaderRefusesLookUpsAndClosesOnce() throws IOException {
        reader.close();
        reader.close();
        FourTuple any = new FourTuple(new InetSocketAddress("127.0.0.1", 1), new InetSocketAddress("127.0.0.1", 2));
        assertThatThrownBy(() -> reader.lookup(any)).isInstanceOf(IllegalStateException.class)
                .hasMessage("netlink socket closed");
    }

    @Test
    void scanDumpsTheRowsProcfsShowsWithTheSameInodesUidsAndTimers() throws Exception {
        List<AutoCloseable> open = new ArrayList<>();
        try {
            Set<FourTuple> made = new HashSet<>();
            // plain IPv4 (/proc/net/tcp), dual-stack to 127.0.0.1 and IPv6 (both /proc/net/tcp6)
            openEveryState(StandardProtocolFamily.INET, "127.0.0.1", open, made);
            openEveryState(StandardProtocolFamily.INET6, "127.0.0.1", open, made);
            openEveryState(StandardProtocolFamily.INET6, "::1", open, made);

            SocketTable dumped = reader.scan();
            SocketTable scanned = procfs.scan();

            assertThat(dumped.source()).isEqualTo(reader.source());
            assertThat(dumped.source().name()).contains("dumps").contains(openTransportKind());
            Map<FourTuple, SocketEntry> fromDump = rowsOf(made, dumped);
            Map<FourTuple, SocketEntry> fromProcfs = rowsOf(made, scanned);
            assertThat(fromDump.keySet()).isEqualTo(fromProcfs.keySet());
            assertThat(fromDump.values()).extracting(SocketEntry::state).contains(TcpState.LISTEN,
                    TcpState.ESTABLISHED, TcpState.CLOSE_WAIT, TcpState.FIN_WAIT2, TcpState.TIME_WAIT);
            assertThat(fromDump).hasSize(3 * 6); // each: LISTEN, ESTABLISHED twice, CLOSE_WAIT, FIN_WAIT2, TIME_WAIT
            fromDump.forEach((tuple, dump) -> {
                SocketEntry row = fromProcfs.get(tuple);
                assertThat(dump.state()).as("%s", tuple).isEqualTo(row.state());
                assertThat(dump.inode()).as("%s", tuple).isEqualTo(row.inode());
                assertThat(dump.uid()).as("%s", tuple).isEqualTo(row.uid());
                assertThat(dump.timer().isPresent()).as("%s", tuple).isEqualTo(row.timer().isPresent());
                dump.timer().ifPresent(left -> assertThat(left.minus(row.timer().orElseThrow()).abs())
                        .as("%s", tuple).isLessThan(Duration.ofSeconds(2)));
            });
        } finally {
            for (AutoCloseable closeable : open) {
                closeable.close();
            }
        }
    }

    @Test
    void aScanOfSomeStatesDumpsOnlyTheRowsInThoseStates() throws Exception {
        List<AutoCloseable> open = new ArrayList<>();
        try (AutoCloseable closing = () -> closeAll(open)) {
            Set<FourTuple> made = new HashSet<>();
            openEveryState(StandardProtocolFamily.INET, "127.0.0.1", open, made);
            openEveryState(StandardProtocolFamily.INET6, "::1", open, made);

            SocketTable dumped = reader.scan(Set.of(TcpState.CLOSE_WAIT, TcpState.LISTEN));

            assertThat(dumped.source()).isEqualTo(reader.source());
            assertThat(dumped.entries()).extracting(SocketEntry::state)
                    .containsOnly(TcpState.CLOSE_WAIT, TcpState.LISTEN);
            Map<FourTuple, SocketEntry> expected = rowsOf(made, procfs.scan());
            expected.values().removeIf(row -> row.state() != TcpState.CLOSE_WAIT && row.state() != TcpState.LISTEN);
            Function<Map<FourTuple, SocketEntry>, Map<FourTuple, String>> statesAndInodes = rows -> rows.entrySet()
                    .stream().collect(Collectors.toMap(Map.Entry::getKey,
                            row -> row.getValue().state() + " " + row.getValue().inode()));
            assertThat(statesAndInodes.apply(rowsOf(made, dumped))).hasSize(4)
                    .isEqualTo(statesAndInodes.apply(expected));
        }
    }

    private static void closeAll(List<AutoCloseable> open) throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    /**
     * Opens, in {@code family} on {@code host}, a listener and connections left in ESTABLISHED (twice), CLOSE_WAIT
     * (its peer in FIN_WAIT2) and TIME_WAIT, and adds the 4-tuple of each end to {@code made} (the listener's with a
     * wildcard remote): rows a test made earlier on a reused port are not these.
     */
    private void openEveryState(StandardProtocolFamily family, String host, List<AutoCloseable> open,
                                Set<FourTuple> made) throws Exception {
        ServerSocketChannel server = ServerSocketChannel.open(family).bind(new InetSocketAddress(host, 0));
        open.add(server);
        SocketChannel kept = SocketChannel.open(family);
        open.add(kept);
        kept.connect(server.getLocalAddress());
        open.add(server.accept());
        SocketChannel stranded = SocketChannel.open(family);
        open.add(stranded);
        stranded.connect(server.getLocalAddress());
        server.accept().close(); // the server closes first: CLOSE_WAIT here, FIN_WAIT2 there
        SocketChannel closer = SocketChannel.open(family);
        closer.connect(server.getLocalAddress());
        FourTuple closed = tuple(closer);
        SocketChannel closerPeer = server.accept();
        closer.close(); // the client closes first: TIME_WAIT here
        drainAndClose(closerPeer.socket());
        FourTuple strandedEnd = tuple(stranded);
        await(() -> procfs.lookup(strandedEnd), e -> e.map(SocketEntry::state).orElse(null) == TcpState.CLOSE_WAIT);
        await(() -> procfs.lookup(closed), e -> e.map(SocketEntry::state).orElse(null) == TcpState.TIME_WAIT);
        await(() -> procfs.lookup(closed.reversed()), Optional::isEmpty);
        for (FourTuple client : List.of(tuple(kept), strandedEnd)) {
            made.add(client);
            made.add(client.reversed());
        }
        made.add(closed);
        made.add(new FourTuple((InetSocketAddress) server.getLocalAddress(), new InetSocketAddress(
                family == StandardProtocolFamily.INET ? "0.0.0.0" : "::", 0)));
    }

    /** The rows of {@code table} that are the sockets in {@code made}; a listener's row by its local end alone. */
    private static Map<FourTuple, SocketEntry> rowsOf(Set<FourTuple> made, SocketTable table) {
        Set<InetSocketAddress> listeners = made.stream().filter(tuple -> tuple.remote().getPort() == 0)
                .map(FourTuple::local).collect(Collectors.toSet());
        return table.entries().stream()
                .filter(e -> made.contains(e.tuple())
                        || e.state() == TcpState.LISTEN && listeners.contains(e.tuple().local()))
                .collect(Collectors.toMap(SocketEntry::tuple, Function.identity()));
    }

    private String openTransportKind() {
        try (NetlinkTransport transport = openTransport()) {
            return transport.kind();
        }
    }

    /** Sends one request as {@code family} on a fresh transport and returns the first answer, unchecked. */
    private Reply rawAnswer(FourTuple tuple, int family) {
        try (NetlinkTransport transport = openTransport()) {
            ByteBuffer request = transport.request();
            InetDiagMessages.writeRequest(request, 1, family, tuple);
            transport.send(request.position());
            return InetDiagMessages.readReply(transport.receive(), 1);
        }
    }
}
