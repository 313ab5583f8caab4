package com.acme.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.socketwatch.junit.NoSocketWatch;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * Whole-build mode as the README sets it up: the README's {@code junit-platform.properties} (kept under
 * {@code whole-build/}, so that it does not switch the mode on for this project's other tests) given to a run of its
 * own, in which a test class without {@code @SocketWatch} is checked and a {@code @NoSocketWatch} method is not.
 */
class WholeBuildModeTest {

    @Test
    void aTestWithNoAnnotationIsCheckedAndNoSocketWatchOptsOut() throws IOException {
        Properties file = new Properties();
        try (InputStream in = WholeBuildModeTest.class.getResourceAsStream("/whole-build/junit-platform.properties")) {
            file.load(in);
        }
        Map<String, String> parameters = new HashMap<>();
        file.stringPropertyNames().forEach(name -> parameters.put(name, file.getProperty(name)));

        Events tests = EngineTestKit.engine("junit-jupiter").configurationParameters(parameters)
                .selectors(selectClass(UnannotatedTestCase.class)).execute().testEvents();

        assertThat(tests.succeeded().stream().map(WholeBuildModeTest::method)).as("passed").containsExactly("optedOut");
        assertThat(tests.failed().stream().map(WholeBuildModeTest::method)).as("failed").containsExactly("checked");
        Throwable failure = tests.failed().stream().findFirst().orElseThrow()
                .getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
        assertThat(failure.getMessage())
                .contains("Expecting socket activity to leave no TIME_WAIT behind from connection churn");
    }

    private static String method(Event event) {
        String name = event.getTestDescriptor().getDisplayName();
        return name.substring(0, name.indexOf('('));
    }

    /** Run only through the test kit: Surefire skips static nested classes. No annotation: whole-build mode. */
    static class UnannotatedTestCase {

        @Test
        void checked() throws IOException {
            fetchWithANewClientEachTime();
        }

        @Test
        @NoSocketWatch
        void optedOut() throws IOException {
            fetchWithANewClientEachTime();
        }

        private static void fetchWithANewClientEachTime() throws IOException {
            try (MockWebServer server = new MockWebServer()) {
                server.start();
                for (int i = 0; i < 4; i++) {
                    server.enqueue(new MockResponse.Builder().body("[]").build());
                    OkHttpClient client = new OkHttpClient();  // the fault: a client, and so a pool, per request
                    try (Response response = client.newCall(new Request.Builder().url(server.url("/orders")).build())
                            .execute()) {
                        response.body().string();
                    } finally {
                        client.connectionPool().evictAll();
                        client.dispatcher().executorService().shutdown();
                    }
                }
            }
        }
    }
}
