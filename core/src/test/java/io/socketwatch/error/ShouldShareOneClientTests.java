package io.socketwatch.error;

import static io.socketwatch.error.ShouldShareOneClient.shouldShareOneClient;
import static io.socketwatch.testing.Activities.activity;
import static io.socketwatch.testing.Activities.clientsBuiltPerCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.presentation.StandardRepresentation.STANDARD_REPRESENTATION;

import io.socketwatch.internal.check.ClientPerCall;
import io.socketwatch.model.SocketActivity;
import org.assertj.core.description.TextDescription;
import org.junit.jupiter.api.Test;

class ShouldShareOneClientTests {

    @Test
    void namesEachConnectionWithTheLineThatBuiltItsClientThenTheFixAndTheNotes() {
        SocketActivity perCall = clientsBuiltPerCall()
                .note("OS-only mode (test): no opening sites")
                .takenAtMs(10);

        String message = shouldShareOneClient(perCall, ClientPerCall.of(perCall))
                .create(new TextDescription("Test"), STANDARD_REPRESENTATION);

        assertThat(message).isEqualTo("""
                [Test] \nExpecting socket activity to share one client per endpoint, but 3 clients were built for \
                127.0.0.1:8080, one per call, each opening a connection of its own while the previous client's sat \
                open and idle:
                  127.0.0.1:50001 -> 127.0.0.1:8080  client  ESTABLISHED  age 10 ms  1 exchange  open  opened at \
                com.acme.OrderClient.fetch(OrderClient.java:42)
                      its OkHttpClient was built at com.acme.OrderClient.fetch(OrderClient.java:30)
                  127.0.0.1:50002 -> 127.0.0.1:8080  client  ESTABLISHED  age 6 ms  1 exchange  open  opened at \
                com.acme.OrderClient.fetch(OrderClient.java:43)
                      its OkHttpClient was built at com.acme.OrderClient.fetch(OrderClient.java:30)
                  127.0.0.1:50003 -> 127.0.0.1:8080  client  ESTABLISHED  age 2 ms  1 exchange  open  opened at \
                com.acme.OrderClient.fetch(OrderClient.java:44)
                      its OkHttpClient was built at com.acme.OrderClient.fetch(OrderClient.java:30)
                Each client has a pool of its own: its connection, used for one call, stays open and idle in a pool \
                nobody uses again, and every call pays a new connection (and TLS handshake).
                Fix: build one client and share it (a field or a singleton, not a local variable), so that its pool \
                reuses the idle connection for the next call.
                Note: OS-only mode (test): no opening sites
                """);
    }

    @Test
    void namesEveryEndpointWithClientsBuiltPerCall() {
        SocketActivity twoEndpoints = activity()
                .builtClient(50001, 8080, 0, 1, 1, 30)
                .builtClient(50002, 8080, 4, 1, 2, 30, 1L)
                .builtClient(50003, 8080, 8, 1, 3, 30, 2L)
                .builtClient(50004, 9090, 0, 1, 4, 31)
                .builtClient(50005, 9090, 4, 1, 5, 31, 4L)
                .builtClient(50006, 9090, 8, 1, 6, 31, 5L)
                .takenAtMs(10);

        String message = shouldShareOneClient(twoEndpoints, ClientPerCall.of(twoEndpoints))
                .create(new TextDescription("Test"), STANDARD_REPRESENTATION);

        assertThat(message)
                .contains("but 3 clients were built for 127.0.0.1:8080, one per call, each opening a connection of "
                        + "its own while the previous client's sat open and idle:\n  127.0.0.1:50001 -> ")
                .contains("(OrderClient.java:30)\nand 3 clients were built for 127.0.0.1:9090, one per call, each "
                        + "opening a connection of its own while the previous client's sat open and idle:\n"
                        + "  127.0.0.1:50004 -> ")
                .endsWith("(OrderClient.java:31)\nEach client has a pool of its own: its connection, used for one "
                        + "call, stays open and idle in a pool nobody uses again, and every call pays a new connection "
                        + "(and TLS handshake).\nFix: build one client and share it (a field or a singleton, not a "
                        + "local variable), so that its pool reuses the idle connection for the next call.\n");
    }
}
