package io.socketwatch.internal.check;

import static io.socketwatch.testing.Activities.activity;
import static io.socketwatch.testing.Activities.clientsBuiltPerCall;
import static org.assertj.core.api.Assertions.assertThat;

import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection;
import org.junit.jupiter.api.Test;

/** What makes connections a client per call, on activities as the tracker reports them. */
class ClientPerCallTests {

    @Test
    void findsThreeClientsEachOpeningAConnectionWhileAnEarlierOneSatIdle() {
        SocketActivity perCall = clientsBuiltPerCall().takenAtMs(10);

        assertThat(ClientPerCall.of(perCall)).singleElement().satisfies(finding -> {
            assertThat(finding.endpoint().getPort()).isEqualTo(8080);
            assertThat(finding.connections()).extracting(TcpConnection::id).containsExactly(1L, 2L, 3L);
        });
    }

    @Test
    void findsNothingWhenTheEarlierConnectionsWereBusy() {
        SocketActivity concurrent = activity()
                .builtClient(50001, 8080, 0, 1, 1, 30)
                .builtClient(50002, 8080, 1, 1, 2, 30)
                .builtClient(50003, 8080, 2, 1, 3, 30)
                .takenAtMs(10);

        assertThat(ClientPerCall.of(concurrent)).isEmpty();
    }

    @Test
    void findsNothingWhenOneClientOpenedTheConnections() {
        SocketActivity oneClient = activity()
                .builtClient(50001, 8080, 0, 1, 1, 30)
                .builtClient(50002, 8080, 4, 1, 1, 30, 1L)
                .builtClient(50003, 8080, 8, 1, 1, 30, 1L, 2L)
                .takenAtMs(10);

        assertThat(ClientPerCall.of(oneClient)).isEmpty();
    }

    @Test
    void findsNothingForClientsBuiltAtDifferentLinesOnPurpose() {
        SocketActivity configurations = activity()
                .builtClient(50001, 8080, 0, 1, 1, 30)
                .builtClient(50002, 8080, 4, 1, 2, 31, 1L)
                .builtClient(50003, 8080, 8, 1, 3, 32, 1L, 2L)
                .takenAtMs(10);

        assertThat(ClientPerCall.of(configurations)).isEmpty();
    }

    @Test
    void findsNothingForTwoClients() {
        SocketActivity two = activity()
                .builtClient(50001, 8080, 0, 1, 1, 30)
                .builtClient(50002, 8080, 4, 1, 2, 31, 1L)
                .takenAtMs(10);

        assertThat(ClientPerCall.of(two)).isEmpty();
    }

    @Test
    void findsNothingWhenEachClientWasUsedForMoreThanAboutOneExchange() {
        int reused = ClientPerCall.MAX_EXCHANGES + 1;
        SocketActivity reusing = activity()
                .builtClient(50001, 8080, 0, reused, 1, 30)
                .builtClient(50002, 8080, 4, reused, 2, 30, 1L)
                .builtClient(50003, 8080, 8, reused, 3, 30, 1L, 2L)
                .takenAtMs(10);

        assertThat(ClientPerCall.of(reusing)).isEmpty();
    }

    @Test
    void findsNothingWhenTheIdleConnectionsWentToAnotherEndpoint() {
        SocketActivity elsewhere = activity()
                .builtClient(50001, 9090, 0, 1, 1, 30)
                .builtClient(50002, 8080, 4, 1, 2, 30, 1L)
                .builtClient(50003, 8080, 8, 1, 3, 30, 1L)
                .takenAtMs(10);

        assertThat(ClientPerCall.of(elsewhere)).isEmpty();
    }
}
