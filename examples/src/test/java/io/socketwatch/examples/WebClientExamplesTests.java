package io.socketwatch.examples;

import static io.socketwatch.examples.ExamplesTests.CHURNED;
import static io.socketwatch.examples.ExamplesTests.CLIENT_CLOSES;
import static io.socketwatch.examples.ExamplesTests.CLIENT_TIME_WAIT;
import static io.socketwatch.examples.ExamplesTests.site;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Runs the Spring {@code WebClient} example as {@link ExamplesTests} runs the others. Reactor Netty loads Netty's epoll
 * transport, which turns on the look for untracked sockets for the rest of the JVM: tagged, so that Surefire runs it
 * in a JVM of its own.
 */
@Tag("native-transport")
@EnabledOnOs(OS.LINUX)
class WebClientExamplesTests {

    @Test
    @DisplayName("passes a shared WebClient, fails a WebClient per request and a body never consumed")
    void webClient() {
        ExampleRun run = ExampleRun.of(WebClientExample.class)
                .ranExactly("sharedClientReusesOneConnection", "newClientPerRequestChurnsConnections",
                        "unconsumedBodyKeepsTheConnection")
                .passed("sharedClientReusesOneConnection");
        // Reactor Netty connects on its event loop: the connection takes the line whose request made the pool open it
        assertThat(run.failedWithSocketwatchMessage("newClientPerRequestChurnsConnections"))
                .containsPattern(CHURNED)
                .containsPattern(CLIENT_TIME_WAIT)
                .contains("closed first by this JVM")
                .contains(site("PerRequestWebClientWeatherClient", "forecast", "return web.get()"))
                .contains(CLIENT_CLOSES);
        assertThat(run.failedWithSocketwatchMessage("unconsumedBodyKeepsTheConnection"))
                .containsPattern("but 1 connection was leaked:\n  Reactor Netty pooled connection  127\\.0\\.0\\.1:\\d+"
                        + "  not released  age ")
                .contains("  obtained at " + ExamplesTests.frame("StatusOnlyWebClientWeatherClient", "hasHistory",
                        ".toEntityFlux(String.class).block()")
                        + "\n      its response body was never consumed nor cancelled");
    }
}
