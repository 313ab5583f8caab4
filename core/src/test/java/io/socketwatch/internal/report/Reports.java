package io.socketwatch.internal.report;

import static io.socketwatch.testing.Activities.activity;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.socketwatch.SocketAssertions;
import io.socketwatch.model.ClientResource;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection.ClosedFirst;
import io.socketwatch.model.TcpState;
import io.socketwatch.report.WatchedTest;
import java.util.List;

/** Watched tests for the report's tests, with the messages socketwatch's own checks give them. */
final class Reports {

    private Reports() {
    }

    /** Two connections to port 8080, each closed by this JVM and left in TIME_WAIT: churn, with its real message. */
    static WatchedTest churning(String displayName) {
        SocketActivity churn = activity()
                .client(50001, 8080, 1, 5L, ClosedFirst.THIS_JVM, 1, TcpState.TIME_WAIT)
                .client(50002, 8080, 6, 9L, ClosedFirst.THIS_JVM, 1, TcpState.TIME_WAIT)
                .takenAtMs(12);
        return new WatchedTest("com.acme.OrderClientTest", "fetches", displayName, WatchedTest.Outcome.FAILED, churn,
                List.of(message(() -> SocketAssertions.assertThat(churn).hasNoTimeWaitLeak())), List.of());
    }

    /** One connection carrying three exchanges, still open, and a released OkHttp call: a passing test. */
    static WatchedTest reusing(String displayName) {
        SocketActivity reuse = activity()
                .client(50003, 8080, 2, null, ClosedFirst.NEITHER, 3, TcpState.ESTABLISHED)
                .resource(ClientResource.Kind.OKHTTP_CALL, "http://127.0.0.1:8080/orders", 2, true)
                .note("a <note> & more")
                .takenAtMs(20);
        return new WatchedTest("com.acme.OrderClientTest", "reuses", displayName, WatchedTest.Outcome.SUCCESSFUL,
                reuse, List.of(), List.of());
    }

    /** An OkHttp call whose response was never closed: a leak, with its real message. */
    static WatchedTest leaking(String className, String displayName) {
        SocketActivity leak = activity()
                .resource(ClientResource.Kind.OKHTTP_CALL, "http://127.0.0.1:8080/orders", 3, false)
                .takenAtMs(30);
        return new WatchedTest(className, "leaks", displayName, WatchedTest.Outcome.FAILED, leak,
                List.of(message(() -> SocketAssertions.assertThat(leak).hasNoConnectionLeak())), List.of());
    }

    private static String message(Runnable check) {
        Throwable failure = catchThrowable(check::run);
        if (failure == null) {
            throw new AssertionError("the check passed");
        }
        return failure.getMessage();
    }
}
