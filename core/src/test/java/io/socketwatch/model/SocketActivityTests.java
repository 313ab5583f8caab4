package io.socketwatch.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.socketwatch.model.TcpConnection.ClosedFirst;
import io.socketwatch.model.TcpConnection.Origin;
import io.socketwatch.model.TcpConnection.Side;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SocketActivityTests {

    private static final Instant START = Instant.parse("2026-12-02T10:00:00Z");
    private static final List<String> MOCK_WEB_SERVER = List.of("mockwebserver3.");

    private static TcpConnection end(long id, int localPort, int remotePort, Side side, ClosedFirst closedFirst,
                                     TcpState state, StackTraceElement opener) {
        return new TcpConnection(id, new InetSocketAddress("127.0.0.1", localPort),
                new InetSocketAddress("127.0.0.1", remotePort), side, Origin.WINDOW, START, START.plusMillis(5),
                closedFirst, 0, 0, 0, new OpeningSite("main", opener, List.of()), state, false);
    }

    private static final StackTraceElement TEST = new StackTraceElement("com.acme.ClientTest", "retries",
            "ClientTest.java", 12);
    private static final StackTraceElement ACCEPT = new StackTraceElement("mockwebserver3.MockWebServer",
            "acceptConnections", "MockWebServer.kt", 380);

    @Test
    void setsAsideTheEndsATestServerAcceptedAndKeepsTheClientsEnds() {
        TcpConnection client = end(1, 50001, 8080, Side.CLIENT, ClosedFirst.PEER, TcpState.CLOSE, TEST);
        TcpConnection dropped = end(2, 8080, 50001, Side.SERVER, ClosedFirst.THIS_JVM, TcpState.TIME_WAIT, ACCEPT);
        SocketActivity activity = new SocketActivity(List.of(client, dropped), START, START.plusMillis(10), 0,
                List.of("an earlier note"));

        SocketActivity judged = activity.excludingOpenedBy(MOCK_WEB_SERVER);

        assertThat(judged.connections()).containsExactly(client);
        assertThat(judged.notes()).containsExactly("an earlier note", "1 connection end opened by test "
                + "infrastructure, not the code under test, set aside (mockwebserver3.MockWebServer).");
    }

    @Test
    void countsTheEndsSetAsideByEachClass() {
        StackTraceElement other = new StackTraceElement("mockwebserver3.internal.Other", "run", "Other.kt", 1);
        SocketActivity activity = new SocketActivity(List.of(
                end(1, 8080, 50001, Side.SERVER, ClosedFirst.NEITHER, TcpState.ESTABLISHED, ACCEPT),
                end(2, 8080, 50002, Side.SERVER, ClosedFirst.NEITHER, TcpState.ESTABLISHED, ACCEPT),
                end(3, 8080, 50003, Side.SERVER, ClosedFirst.NEITHER, TcpState.ESTABLISHED, other)),
                START, START.plusMillis(10), 0, List.of());

        assertThat(activity.excludingOpenedBy(MOCK_WEB_SERVER).notes()).containsExactly("3 connection ends opened "
                + "by test infrastructure, not the code under test, set aside (mockwebserver3.MockWebServer x2, "
                + "mockwebserver3.internal.Other).");
    }

    @Test
    void returnsTheSameActivityWhenNothingMatches() {
        SocketActivity activity = new SocketActivity(List.of(
                end(1, 50001, 8080, Side.CLIENT, ClosedFirst.THIS_JVM, TcpState.TIME_WAIT, TEST)),
                START, START.plusMillis(10), 0, List.of());

        assertThat(activity.excludingOpenedBy(MOCK_WEB_SERVER)).isSameAs(activity);
        assertThat(activity.excludingOpenedBy(List.of())).isSameAs(activity);
    }
}
