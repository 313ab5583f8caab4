package io.socketwatch.internal.os;

import static org.assertj.core.api.Assertions.assertThat;

import io.socketwatch.model.TcpState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class SocketTableDiffTests {

    private static final TableSource SOURCE = new ProcNetTcpReader().source();

    @Test
    void reportsRowsThatAppearedDisappearedOrChangedState() {
        SocketEntry listening = row(TcpState.LISTEN, 8080, 0, 11);
        SocketEntry established = row(TcpState.ESTABLISHED, 50001, 8080, 12);
        SocketEntry closing = row(TcpState.TIME_WAIT, 50001, 8080, 0);
        SocketEntry gone = row(TcpState.CLOSE_WAIT, 50002, 8080, 13);
        SocketEntry fresh = row(TcpState.SYN_SENT, 50003, 8080, 14);

        SocketTableDiff diff = SocketTableDiff.between(table(listening, established, gone),
                table(listening, closing, fresh));

        assertThat(diff.appeared()).containsExactly(fresh);
        assertThat(diff.disappeared()).containsExactly(gone);
        assertThat(diff.changed()).containsExactly(new SocketTableDiff.Change(established, closing));
        assertThat(SocketTableDiff.between(table(listening), table(listening)).isEmpty()).isTrue();
    }

    @Test
    void takesTheOwnedRowWhereANewSocketReusesATupleInTimeWait() {
        SocketEntry timeWait = row(TcpState.TIME_WAIT, 50001, 8080, 0);
        SocketEntry reused = row(TcpState.ESTABLISHED, 50001, 8080, 21);

        SocketTableDiff diff = SocketTableDiff.between(table(timeWait), table(timeWait, reused));

        assertThat(diff.changed()).containsExactly(new SocketTableDiff.Change(timeWait, reused));
        assertThat(diff.appeared()).isEmpty();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void followsARealConnectionFromAppearingToTimeWait() throws IOException, InterruptedException {
        ProcNetTcpReader reader = new ProcNetTcpReader();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            SocketTable before = reader.scan();
            Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
            Socket accepted = server.accept();
            FourTuple tuple = new FourTuple((InetSocketAddress) client.getLocalSocketAddress(),
                    (InetSocketAddress) client.getRemoteSocketAddress());
            SocketTable open = reader.scan();
            assertThat(SocketTableDiff.between(before, open).appeared())
                    .filteredOn(entry -> entry.tuple().equals(tuple))
                    .singleElement().extracting(SocketEntry::state).isEqualTo(TcpState.ESTABLISHED);

            client.close(); // this side closes first: its end goes to TIME_WAIT once the peer closes too
            accepted.close();
            SocketTable closed = awaitState(reader, tuple, TcpState.TIME_WAIT);
            assertThat(SocketTableDiff.between(open, closed).changed())
                    .filteredOn(change -> change.after().tuple().equals(tuple))
                    .singleElement()
                    .satisfies(change -> assertThat(change.before().state()).isEqualTo(TcpState.ESTABLISHED))
                    .satisfies(change -> assertThat(change.after().state()).isEqualTo(TcpState.TIME_WAIT));
        }
    }

    private static SocketTable awaitState(ProcNetTcpReader reader, FourTuple tuple, TcpState state)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            SocketTable table = reader.scan();
            boolean reached = table.entries().stream()
                    .anyMatch(entry -> entry.tuple().equals(tuple) && entry.state() == state);
            if (reached || System.nanoTime() > deadline) {
                return table;
            }
            Thread.sleep(5);
        }
    }

    private static SocketEntry row(TcpState state, int localPort, int remotePort, long inode) {
        InetSocketAddress remote = remotePort == 0 ? new InetSocketAddress("0.0.0.0", 0)
                : new InetSocketAddress("127.0.0.1", remotePort);
        return new SocketEntry(state, new FourTuple(new InetSocketAddress("127.0.0.1", localPort), remote), inode, 0,
                Optional.empty());
    }

    private static SocketTable table(SocketEntry... entries) {
        return new SocketTable(SOURCE, Instant.EPOCH, List.of(entries));
    }
}
