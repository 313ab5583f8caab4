package com.acme.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.socketwatch.junit.SocketWatch;
import java.io.IOException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The planted fault: a client per request. It runs through the JUnit Platform's test kit, so that this build passes
 * while showing that socketwatch fails that test, with the message a user would read.
 */
class PlantedChurnTest {

    @Test
    void aClientPerRequestFailsWithTheChurnMessage() {
        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(ClientPerRequestTestCase.class))
                .execute().testEvents();

        assertThat(tests.failed().count()).as("failed tests").isEqualTo(1);
        Throwable failure = tests.failed().stream().findFirst().orElseThrow()
                .getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class).getThrowable().orElseThrow();
        System.out.println("The planted fault's failure, as a user reads it:" + failure.getMessage());
        assertThat(failure).isInstanceOf(AssertionError.class);
        assertThat(failure.getMessage())
                .startsWith("\nExpecting socket activity to leave no TIME_WAIT behind from connection churn, but 3 "
                        + "connections were closed, replaced by a new connection to the same endpoint, and left in "
                        + "TIME_WAIT")
                .contains("closed first by this JVM  opened at com.acme.orders.PlantedChurnTest$ClientPerRequestTestCase"
                        + ".fetchOrders(PlantedChurnTest.java:")
                .contains("Fix: build one client and share it, so that its pool reuses connections");
    }

    /** Run only through the test kit: Surefire skips static nested classes. */
    @SocketWatch
    static class ClientPerRequestTestCase {

        // snippet: fault -->
        @Test
        void fetchesOrdersWithANewClientEachTime() throws IOException {
            try (MockWebServer server = new MockWebServer()) {
                server.start();
                for (int i = 0; i < 4; i++) {
                    server.enqueue(new MockResponse.Builder().body("[]").build());
                    fetchOrders(server);
                }
            }
        }

        private static void fetchOrders(MockWebServer server) throws IOException {
            OkHttpClient client = new OkHttpClient();  // the fault: a client, and so a pool, per request
            try (Response response = client.newCall(new Request.Builder().url(server.url("/orders")).build())
                    .execute()) {
                response.body().string();
            } finally {
                client.connectionPool().evictAll();
                client.dispatcher().executorService().shutdown();
            }
        }
        // /snippet: fault -->
    }
}
