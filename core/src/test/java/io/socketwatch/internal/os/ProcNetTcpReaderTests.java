package io.socketwatch.internal.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socketwatch.model.TcpState;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class ProcNetTcpReaderTests {

    private static final InetSocketAddress ANY_V6 = new InetSocketAddress(address("::"), 0);

    @Nested
    class RecordedTables {

        /** Recorded on this project's machine: see the comment at the top of each test below for what it holds. */
        private List<SocketEntry> recordedTcp6() throws IOException {
            return ProcNetTcpStrictParser.parse(resource("/proc/tcp6"), "tcp6");
        }

        @Test
        void listenSocketsOfBothFamilies() throws IOException {
            // ServerSocket bound to 127.0.0.1:33977 (dual-stack, so ::ffff:127.0.0.1) and to [::1]:44057
            List<SocketEntry> entries = recordedTcp6();
            assertThat(entries).hasSize(7);
            assertThat(entries.get(0)).isEqualTo(new SocketEntry(TcpState.LISTEN,
                    new FourTuple(new InetSocketAddress("127.0.0.1", 33977), ANY_V6), 9598, 0, Optional.empty()));
            assertThat(entries.get(1).tuple().local()).isEqualTo(new InetSocketAddress(address("::1"), 44057));
            assertThat(entries.get(1).state()).isEqualTo(TcpState.LISTEN);
        }

        @Test
        void closeWaitKeepsItsOwnerWhileTheOrphanedFinWait2HasNone() throws IOException {
            // client 38896 -> server 33977; the server closed, the client never did
            List<SocketEntry> entries = recordedTcp6();
            assertThat(entries.get(3).state()).isEqualTo(TcpState.CLOSE_WAIT);
            assertThat(entries.get(3).tuple().local().getPort()).isEqualTo(38896);
            assertThat(entries.get(3).inode()).isEqualTo(9602);
            assertThat(entries.get(4).state()).isEqualTo(TcpState.FIN_WAIT2);
            assertThat(entries.get(4).hasOwner()).isFalse();
            assertThat(entries.get(4).tuple()).isEqualTo(entries.get(3).tuple().reversed());
        }

        @Test
        void timeWaitHasNoOwnerAndCountsDownFromSixtySeconds() throws IOException {
            // client [::1]:57930 closed first
            SocketEntry timeWait = recordedTcp6().get(6);
            assertThat(timeWait.state()).isEqualTo(TcpState.TIME_WAIT);
            assertThat(timeWait.inode()).isZero();
            assertThat(timeWait.tuple().local()).isEqualTo(new InetSocketAddress(address("::1"), 57930));
            assertThat(timeWait.timer()).hasValueSatisfying(left ->
                    assertThat(left).isBetween(Duration.ofSeconds(59), Duration.ofSeconds(60)));
        }

        @Test
        void ipv4TableIsReadToo() throws IOException {
            List<SocketEntry> entries = ProcNetTcpStrictParser.parse(resource("/proc/tcp"), "tcp");
            assertThat(entries).singleElement().satisfies(entry -> {
                assertThat(entry.state()).isEqualTo(TcpState.LISTEN);
                assertThat(entry.tuple().local()).isEqualTo(new InetSocketAddress("0.0.0.0", 2024));
                assertThat(entry.inode()).isEqualTo(535);
            });
        }
    }

    @Nested
    class FastRowReader {

        @Test
        void agreesWithTheStrictParserOnEveryRecordedAndLiveRow() throws IOException {
            List<byte[]> tables = List.of(resource("/proc/tcp").getBytes(StandardCharsets.US_ASCII),
                    resource("/proc/tcp6").getBytes(StandardCharsets.US_ASCII),
                    ProcFiles.readBytes(Path.of("/proc/net/tcp")), ProcFiles.readBytes(Path.of("/proc/net/tcp6")));
            int rows = 0;
            for (byte[] table : tables) {
                ProcNetTcpFastScanner reader = new ProcNetTcpFastScanner(table);
                String[] lines = new String(table, StandardCharsets.US_ASCII).split("\n");
                int start = lines[0].length() + 1;
                for (int i = 1; i < lines.length; start += lines[i].length() + 1, i++) {
                    assertThat(reader.read(start, start + lines[i].length())).as(lines[i])
                            .isEqualTo(ProcNetTcpStrictParser.parseRow(lines[i]));
                    rows++;
                }
            }
            assertThat(rows).isGreaterThan(8);
        }

        @Test
        void leavesRowsItDoesNotRecogniseToTheStrictParser() {
            String tabs = "   0:\t0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 77";
            byte[] bytes = tabs.getBytes(StandardCharsets.US_ASCII);
            assertThat(new ProcNetTcpFastScanner(bytes).read(0, bytes.length)).isNull();
            assertThat(ProcNetTcpStrictParser.parse(MalformedInput.HEADER + tabs + "\n", "tcp")).singleElement()
                    .satisfies(entry -> assertThat(entry.inode()).isEqualTo(77));
        }
    }

    @Nested
    class MalformedInput {

        private static final String HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt"
                + "   uid  timeout inode\n";

        @Test
        void truncatedRowNamesFileLineAndText() {
            String text = HEADER + "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000\n";
            assertThatThrownBy(() -> ProcNetTcpStrictParser.parse(text, "/proc/net/tcp"))
                    .isInstanceOf(SocketTableException.class)
                    .hasMessage("/proc/net/tcp: line 2: truncated row (6 fields, expected at least 10): "
                            + "'0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000'");
        }

        @Test
        void unknownStateCodeIsAnErrorNotASkippedRow() {
            String text = HEADER
                    + "   0: 0100007F:1F90 00000000:0000 0D 00000000:00000000 00:00000000 00000000     0        0 1 1\n";
            assertThatThrownBy(() -> ProcNetTcpStrictParser.parse(text, "/proc/net/tcp"))
                    .isInstanceOf(SocketTableException.class)
                    .hasMessageStartingWith("/proc/net/tcp: line 2: not a Linux TCP state code: 13 (expected 1 to 12)");
        }

        @Test
        void missingHeaderIsAnError() {
            assertThatThrownBy(() -> ProcNetTcpStrictParser.parse("garbage\n", "/proc/net/tcp"))
                    .isInstanceOf(SocketTableException.class)
                    .hasMessage("/proc/net/tcp: line 1: expected the header starting with 'sl', got 'garbage'");
        }

        @Test
        void missingFileIsAnErrorNotAnEmptyTable(@TempDir Path dir) {
            ProcNetTcpReader reader = new ProcNetTcpReader(dir.resolve("tcp"), dir.resolve("tcp6"));
            assertThatThrownBy(reader::scan)
                    .isInstanceOf(SocketTableException.class)
                    .hasMessage(dir.resolve("tcp") + ": no such file (is this Linux with /proc mounted?)");
        }

        @Test
        void aKernelWithoutIpv6HasOnlyTheIpv4Table(@TempDir Path dir) throws IOException {
            Files.writeString(dir.resolve("tcp"), resource("/proc/tcp"));
            assertThat(new ProcNetTcpReader(dir.resolve("tcp"), dir.resolve("tcp6")).scan().entries()).hasSize(1);
        }
    }

    @Nested
    @EnabledOnOs(OS.LINUX)
    class LiveSockets {

        private final ProcNetTcpReader reader = new ProcNetTcpReader();

        @Test
        void seesListenEstablishedCloseWaitAndTimeWaitOverIpv4AndIpv6() throws Exception {
            for (String host : List.of("127.0.0.1", "::1")) {
                try (ServerSocket server = new ServerSocket(0, 50, address(host));
                     Socket kept = new Socket(host, server.getLocalPort());
                     Socket keptPeer = server.accept();
                     Socket stranded = new Socket(host, server.getLocalPort())) {
                    server.accept().close(); // the server closes: `stranded` sits in CLOSE_WAIT
                    Socket closer = new Socket(host, server.getLocalPort());
                    Socket closerPeer = server.accept();
                    FourTuple closed = tuple(closer);
                    closer.close(); // this side closes first: TIME_WAIT here
                    drain(closerPeer);

                    assertThat(reader.lookup(new FourTuple((InetSocketAddress) server.getLocalSocketAddress(),
                            (InetSocketAddress) server.getLocalSocketAddress())).isEmpty()).isTrue();
                    assertThat(awaitState(tuple(kept), TcpState.ESTABLISHED).hasOwner()).isTrue();
                    assertThat(awaitState(tuple(keptPeer), TcpState.ESTABLISHED).hasOwner()).isTrue();
                    assertThat(awaitState(tuple(stranded), TcpState.CLOSE_WAIT).hasOwner()).isTrue();
                    assertThat(awaitState(closed, TcpState.TIME_WAIT).inode()).isZero();
                    assertThat(reader.scan().entries()).anySatisfy(entry -> {
                        assertThat(entry.state()).isEqualTo(TcpState.LISTEN);
                        assertThat(entry.tuple().local()).isEqualTo(server.getLocalSocketAddress());
                    });
                }
            }
        }

        /** Polls until the socket is in {@code state}: TIME_WAIT can follow close by a few milliseconds. */
        private SocketEntry awaitState(FourTuple tuple, TcpState state) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            long pauseMillis = 1;
            Optional<SocketEntry> entry = reader.lookup(tuple);
            while (entry.map(SocketEntry::state).orElse(null) != state && System.nanoTime() < deadline) {
                Thread.sleep(pauseMillis);
                pauseMillis = Math.min(pauseMillis * 2, 100);
                entry = reader.lookup(tuple);
            }
            assertThat(entry).as("%s", tuple).hasValueSatisfying(found -> assertThat(found.state()).isEqualTo(state));
            return entry.get();
        }
    }

    private static FourTuple tuple(Socket socket) {
        return new FourTuple((InetSocketAddress) socket.getLocalSocketAddress(),
                (InetSocketAddress) socket.getRemoteSocketAddress());
    }

    private static void drain(Socket socket) throws IOException {
        try (socket; InputStream in = socket.getInputStream()) {
            while (in.read() >= 0) {
                // until the peer's FIN
            }
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ProcNetTcpReaderTests.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
