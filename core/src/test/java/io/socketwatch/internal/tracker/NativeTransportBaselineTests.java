package io.socketwatch.internal.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import io.socketwatch.internal.os.FourTuple;
import io.socketwatch.internal.os.SocketEntry;
import io.socketwatch.internal.os.SocketTable;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpState;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A window that started before the JVM loaded its first native transport looks for untracked sockets in CLOSE_WAIT
 * from the OS table read as that transport loaded. When that read fails or takes too long, the window says so in its
 * notes instead of silently not looking. The table here is one that fails or hangs: the kernel's cannot be made to.
 */
class NativeTransportBaselineTests {

    private static final Duration SETTLE = Duration.ofMillis(300);

    /** A tracker of its own, not the JVM's sink: it sees no socket of other tests. */
    private final ConnectionTracker tracker = new ConnectionTracker(Clock.systemUTC());

    @Test
    void aFailedReadAsTheTransportLoadsIsNamedInTheNotes() {
        StateLookup failing = tableReading(() -> {
            throw new IllegalStateException("no netlink socket");
        });

        SocketActivity activity = windowAcrossTheTransportsLoad(failing);

        assertThat(activity.connections()).isEmpty();
        assertThat(activity.notes()).containsExactly("socketwatch did not look for sockets it does not instrument in "
                + "CLOSE_WAIT: the OS table read when a native transport was loaded during this test failed "
                + "(java.lang.IllegalStateException: no netlink socket)");
    }

    @Test
    void aReadStillRunningAfterOneSecondIsNamedInTheNotes() {
        CountDownLatch release = new CountDownLatch(1);
        StateLookup hanging = tableReading(() -> {
            try {
                release.await(10, TimeUnit.SECONDS); // bounded: the reader thread ends even if the test does not
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("released");
        });

        SocketActivity activity;
        try {
            activity = windowAcrossTheTransportsLoad(hanging);
        } finally {
            release.countDown();
        }

        assertThat(activity.notes()).containsExactly("socketwatch did not look for sockets it does not instrument in "
                + "CLOSE_WAIT: the OS table read when a native transport was loaded during this test took more than 1 s");
    }

    /** Opens an {@code AUTO} window that does not look yet, lets a native transport load, and stops the window. */
    private SocketActivity windowAcrossTheTransportsLoad(StateLookup states) {
        try (InstrumentedRecording window = tracker.openWindow(SETTLE, 100, states, false, true)) {
            tracker.nativeTransportDefined(states);
            return window.stop();
        }
    }

    /** States whose table read of CLOSE_WAIT rows runs {@code read}; nothing else is asked of them here. */
    private static StateLookup tableReading(Runnable read) {
        return new StateLookup() {
            @Override
            public Map<FourTuple, SocketEntry> lookup(Collection<FourTuple> tuples) {
                throw new AssertionError("a window without connections looks nothing up");
            }

            @Override
            public String limitation() {
                return "";
            }

            @Override
            public SocketTable rowsIn(Set<TcpState> states) {
                read.run();
                throw new AssertionError("read() returns only by throwing");
            }
        };
    }
}
