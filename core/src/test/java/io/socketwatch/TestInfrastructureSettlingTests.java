package io.socketwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.socketwatch.model.SocketActivity;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Settling waits only for what a test is judged on. A test server's end that the server closed while the client's
 * pool keeps the other end stays in FIN_WAIT2 for as long as the pool does: when another test running at the same time
 * accepted it, it reaches every window as unattributed, and waiting for it would cost every such window its whole
 * settle timeout.
 */
@EnabledOnOs(OS.LINUX)
class TestInfrastructureSettlingTests {

    /** Far longer than settling takes when it does not wait for the server's end; the bound below is half of it. */
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);

    @Test
    void aTestServerEndLeftInFinWait2ByAnotherTestDoesNotHoldSettling() throws Exception {
        SocketWatcher.install();
        OkHttpClient sharedClient = new OkHttpClient();
        CountDownLatch bystanderWatching = new CountDownLatch(1);
        CompletableFuture<Void> otherTestDone = new CompletableFuture<>();
        try (MockWebServer otherTestsServer = new MockWebServer()) {
            otherTestsServer.start();
            otherTestsServer.enqueue(new MockResponse.Builder().body("answer").build());
            // started before the bystander's window opens, so that it is not that window's thread
            Thread otherTest = new Thread(() -> {
                try {
                    bystanderWatching.await();
                    SocketWatcher watcher = SocketWatcher.start(SETTLE_TIMEOUT);
                    try (Response response = sharedClient.newCall(
                            new Request.Builder().url(otherTestsServer.url("/")).build()).execute()) {
                        response.body().string();
                    }
                    watcher.stop(); // its pooled connection is idle and open: nothing passes
                    otherTestDone.complete(null);
                } catch (Throwable t) {
                    otherTestDone.completeExceptionally(t);
                }
            }, "other test");
            otherTest.start();

            SocketWatcher bystander = SocketWatcher.start(SETTLE_TIMEOUT);
            bystanderWatching.countDown();
            otherTestDone.get(30, TimeUnit.SECONDS);
            otherTestsServer.close(); // its end goes to FIN_WAIT2 while the shared pool holds the client's end

            SocketActivity activity = assertTimeoutPreemptively(SETTLE_TIMEOUT.dividedBy(2), bystander::stop);

            assertThat(activity.connections()).isEmpty();
            assertThat(activity.notes()).anySatisfy(note -> assertThat(note).contains("set aside"));
        } finally {
            sharedClient.connectionPool().evictAll();
            sharedClient.dispatcher().executorService().shutdown();
        }
    }
}
