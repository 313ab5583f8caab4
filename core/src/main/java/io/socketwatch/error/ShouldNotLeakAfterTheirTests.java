package io.socketwatch.error;

import io.socketwatch.internal.net.CanonicalAddresses;
import io.socketwatch.model.LaterFinding;
import io.socketwatch.model.TcpConnection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.assertj.core.error.ErrorMessageFactory;

/**
 * Connections that tests of a class, or of the whole run, left open broke or were dropped after those tests ended.
 */
public final class ShouldNotLeakAfterTheirTests extends SocketMessage {

    /**
     * One finding, with the test that opened the connection.
     *
     * @param test   the test that opened it, as the message names it, e.g. {@code fetchesOrders()}
     * @param found  what became of it
     * @param during the test that was running when its peer closed it, where that is known
     */
    public record Leak(String test, LaterFinding found, Optional<String> during) {
        public Leak {
            Objects.requireNonNull(test, "test");
            Objects.requireNonNull(found, "found");
            Objects.requireNonNull(during, "during");
        }
    }

    private ShouldNotLeakAfterTheirTests(String message) {
        super(message);
    }

    /** Creates the message for {@code leaks}, found at the end of {@code testClass}. */
    public static ErrorMessageFactory shouldNotLeakAfterTheirTests(String testClass, List<Leak> leaks) {
        return create("tests of " + testClass, "class", leaks);
    }

    /**
     * Creates the message for {@code leaks}, found at the end of the test run: by then each class's own look had
     * found them neither dropped nor in CLOSE_WAIT. Each leak's test names its class too, e.g.
     * {@code com.acme.OrderClientTest.fetchesOrders()}.
     *
     * @since 0.1
     */
    public static ErrorMessageFactory shouldNotLeakAfterTheRun(List<Leak> leaks) {
        return create("watched tests", "run", leaks);
    }

    /**
     * Returns the note for the activity of the test during which {@code connection}, left open by the earlier test
     * {@code opener}, entered CLOSE_WAIT or was first seen in it: it is not that test's leak, and the look at the end
     * of the class or of the run reports it against {@code opener}.
     *
     * @since 0.1
     */
    public static String enteredCloseWaitDuringALaterTest(TcpConnection connection, String opener) {
        return CanonicalAddresses.format(connection.local()) + " -> " + CanonicalAddresses.format(connection.remote())
                + " (" + connection.side().name().toLowerCase(Locale.ROOT) + "), left open by " + opener
                + ", entered CLOSE_WAIT during this test: not this test's leak; it is reported against " + opener;
    }

    private static ErrorMessageFactory create(String tests, String end, List<Leak> leaks) {
        StringBuilder message = new StringBuilder("\nExpecting the connections that ").append(tests)
                .append(" left open to be closed, or still in use, at the end of the ").append(end).append(", but ")
                .append(leaks.size() == 1 ? "1 was not" : leaks.size() + " were not").append(":\n");
        for (int i = 0; i < leaks.size() && i < ConnectionLines.MAX_LINES; i++) {
            Leak leak = leaks.get(i);
            TcpConnection connection = leak.found().connection();
            message.append("  ").append(leak.test()).append(": ")
                    .append(CanonicalAddresses.format(connection.local())).append(" -> ")
                    .append(CanonicalAddresses.format(connection.remote())).append("  ")
                    .append(connection.side().name().toLowerCase(Locale.ROOT)).append("  ")
                    .append(ConnectionLines.exchanges(connection.exchanges())).append("  opened at ")
                    .append(connection.openingSite()).append("\n      ").append(what(leak)).append('\n');
        }
        if (leaks.size() > ConnectionLines.MAX_LINES) {
            message.append("  ... and ").append(leaks.size() - ConnectionLines.MAX_LINES).append(" more\n");
        }
        return new ShouldNotLeakAfterTheirTests(message
                .append("Fix: close what a test opens (a client, a pool, a response) before the test ends; for a pool ")
                .append("the tests share, close it when they are done, or let it evict idle connections before the ")
                .append("server's idle timeout closes them.\n").toString());
    }

    private static String what(Leak leak) {
        String during = leak.during().map(test -> ", during " + test).orElse("");
        return switch (leak.found().kind()) {
            case CLOSE_WAIT -> "entered CLOSE_WAIT after the test ended" + during + ": the peer closed it and this JVM "
                    + "never did, so its socket stays open until the JVM exits";
            case DROPPED_WITHOUT_CLOSE -> "dropped without close after the test ended: its socket object was "
                    + "collected while the connection was open";
        };
    }
}
