package io.socketwatch;

import io.socketwatch.internal.tracker.LeftBehind;
import io.socketwatch.internal.tracker.Recording;
import io.socketwatch.internal.tracker.Recordings;
import io.socketwatch.internal.tracker.SocketKeepers;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.UntrackedSockets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Records the TCP connections that code opens or accepts between {@link #start()} and {@link #stop()}, follows each
 * into the OS socket table, and checks them.
 *
 * <pre>{@code
 * try (SocketWatcher watcher = SocketWatcher.start()) {
 *     client.fetchTwice();
 *     watcher.assertNoTimeWaitLeak().assertConnectionReused("localhost", server.getPort());
 * }
 * }</pre>
 *
 * <p>The first {@code start()} in a JVM installs socketwatch's agent (unless {@code -javaagent} did), which takes a few
 * hundred milliseconds. Windows may be open at once on several threads: a connection belongs to the window of the
 * thread that opened it. Linux gives the full picture; elsewhere states are
 * {@link io.socketwatch.model.TcpState#UNKNOWN} and the activity's notes say so.
 */
public final class SocketWatcher implements AutoCloseable {

    /** How long checks wait, at most, for connections to leave passing states: {@value} ms. */
    public static final long DEFAULT_SETTLE_TIMEOUT_MILLIS = 1000;

    /**
     * Test infrastructure that is not the code under test: class and package name prefixes whose connections a
     * watcher's {@link #activity()} sets aside (see {@link SocketActivity#excludingOpenedBy}): OkHttp's MockWebServer
     * (both packages), WireMock, MockServer, zonky's embedded PostgreSQL, flapdoodle's embedded MongoDB,
     * Testcontainers and its Docker client. The client end of a connection the code under test opens to such a server
     * is still judged.
     */
    public static final List<String> TEST_INFRASTRUCTURE = SocketKeepers.TEST_INFRASTRUCTURE;

    private final Recording recording;

    private SocketWatcher(Recording recording) {
        this.recording = recording;
    }

    /**
     * Installs socketwatch's agent in this JVM now, unless it is installed already; the first {@link #start()} does it
     * otherwise. Never throws: when the agent cannot be installed, socketwatch says why once on standard error and
     * recordings run in OS-only mode, which their activity's notes say.
     */
    public static void install() {
        Recordings.install();
    }

    /** Starts recording on the calling thread with the default settle timeout. */
    public static SocketWatcher start() {
        return start(Duration.ofMillis(DEFAULT_SETTLE_TIMEOUT_MILLIS));
    }

    /**
     * Starts recording on the calling thread, looking for sockets socketwatch does not instrument as
     * {@link UntrackedSockets#AUTO} says.
     *
     * @param settleTimeout how long {@link #activity()} and {@link #stop()} wait, at most, for connections in passing
     *                      states (closing handshakes, a CLOSE_WAIT the application is about to close) to settle
     */
    public static SocketWatcher start(Duration settleTimeout) {
        return start(settleTimeout, UntrackedSockets.AUTO);
    }

    /**
     * Starts recording on the calling thread.
     *
     * @param settleTimeout as for {@link #start(Duration)}
     * @param untracked     whether to look for sockets socketwatch's agent does not see in CLOSE_WAIT
     */
    public static SocketWatcher start(Duration settleTimeout, UntrackedSockets untracked) {
        Objects.requireNonNull(settleTimeout, "settleTimeout");
        Objects.requireNonNull(untracked, "untracked");
        if (settleTimeout.isNegative()) {
            throw new IllegalArgumentException("settleTimeout is negative: " + settleTimeout);
        }
        return new SocketWatcher(Recordings.startRecording(settleTimeout, untracked));
    }

    /**
     * Returns the window's connections so far, settled, without those of {@link #TEST_INFRASTRUCTURE}; recording goes
     * on.
     */
    public SocketActivity activity() {
        return recording.activity().excludingOpenedBy(TEST_INFRASTRUCTURE);
    }

    /**
     * Ends the window and returns its connections, settled, without those of {@link #TEST_INFRASTRUCTURE}. Later calls
     * return an equal activity.
     */
    public SocketActivity stop() {
        return recording.stop().excludingOpenedBy(TEST_INFRASTRUCTURE);
    }

    /**
     * Returns, once {@link #stop()} returned, the connections this window opened that were open then, to look at
     * again later with {@link LeftOpen#sweep}; none before, nor in OS-only mode.
     */
    public LeftOpen leftOpen() {
        LeftBehind left = recording.leftBehind();
        return left.isEmpty() ? LeftOpen.NONE : new LeftOpen(left); // most tests leave nothing open
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        recording.close();
    }

    /**
     * Fails if a connection of the window was replaced by a new one to the same endpoint and sits in TIME_WAIT.
     *
     * @see SocketActivityAssert#hasNoTimeWaitLeak()
     */
    public SocketWatcher assertNoTimeWaitLeak() {
        SocketAssertions.assertThat(activity()).hasNoTimeWaitLeak();
        return this;
    }

    /**
     * Fails if a connection of the window was left in CLOSE_WAIT: the peer closed it and this JVM never did.
     *
     * @see SocketActivityAssert#hasNoCloseWaitLeak()
     */
    public SocketWatcher assertNoCloseWaitLeak() {
        SocketAssertions.assertThat(activity()).hasNoCloseWaitLeak();
        return this;
    }

    /**
     * Fails if a connection of the window leaked: garbage-collected without close, stuck in CLOSE_WAIT, or a
     * client-level resource not released.
     *
     * @see SocketActivityAssert#hasNoConnectionLeak()
     */
    public SocketWatcher assertNoConnectionLeak() {
        SocketAssertions.assertThat(activity()).hasNoConnectionLeak();
        return this;
    }

    /**
     * Fails unless at least two exchanges with {@code host:port} went over one connection.
     *
     * @see SocketActivityAssert#reusesConnectionsTo(String, int)
     */
    public SocketWatcher assertConnectionReused(String host, int port) {
        SocketAssertions.assertThat(activity()).reusesConnectionsTo(host, port);
        return this;
    }
}
