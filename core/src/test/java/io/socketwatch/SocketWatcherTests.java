package io.socketwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socketwatch.testing.EchoServer;
import io.socketwatch.testing.SourceLines;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The checks end to end: real sockets on loopback, the real agent, the real OS table. */
@EnabledOnOs(OS.LINUX)
class SocketWatcherTests {

    @Test
    void aSocketPerRequestFailsTheTimeWaitCheckNamingTheLineThatOpenedIt() throws Exception {
        try (EchoServer server = new EchoServer("127.0.0.1"); SocketWatcher watcher = SocketWatcher.start()) {
            for (int request = 0; request < 3; request++) {
                try (Socket socket = new Socket("127.0.0.1", server.port())) { // line: faulty
                    EchoServer.roundTrip(socket, "GET");
                }
                server.awaitHandled(1);
            }
            assertThatThrownBy(watcher::assertNoTimeWaitLeak)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("\nExpecting socket activity to leave no TIME_WAIT behind from connection "
                            + "churn, but 2 connections were closed, replaced by a new connection to the same endpoint, "
                            + "and left in TIME_WAIT:\n  127.0.0.1:")
                    .hasMessageContaining(" -> 127.0.0.1:" + server.port() + "  client  TIME_WAIT  age ")
                    .hasMessageContaining("  1 exchange  closed first by this JVM  opened at io.socketwatch."
                            + "SocketWatcherTests.aSocketPerRequestFailsTheTimeWaitCheckNamingTheLineThatOpenedIt("
                            + "SocketWatcherTests.java:" + SourceLines.line(SocketWatcherTests.class, "faulty") + ")\n");
            assertThatThrownBy(() -> watcher.assertConnectionReused("localhost", server.port()))
                    .hasMessageContaining("but 3 exchanges went over 3 connections:");
        }
    }

    @Test
    void oneConnectionForEveryRequestPassesEveryCheck() throws Exception {
        try (EchoServer server = new EchoServer("127.0.0.1"); SocketWatcher watcher = SocketWatcher.start()) {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                for (int request = 0; request < 3; request++) {
                    EchoServer.roundTrip(socket, "GET");
                }
            }
            server.awaitHandled(1);
            watcher.assertNoTimeWaitLeak()
                    .assertNoCloseWaitLeak()
                    .assertNoConnectionLeak()
                    .assertConnectionReused("localhost", server.port());
        }
    }

    @Test
    void aSocketLeftOpenAfterThePeerClosedIsACloseWaitLeak() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             SocketWatcher watcher = SocketWatcher.start(Duration.ofMillis(300))) {
            Socket kept = new Socket(server.getInetAddress(), server.getLocalPort());
            server.accept().close(); // the server closes its end; this side never does
            assertThatThrownBy(watcher::assertNoCloseWaitLeak)
                    .hasMessageContaining("  client  CLOSE_WAIT  age ");
            assertThatThrownBy(watcher::assertNoConnectionLeak)
                    .hasMessageContaining("the peer closed it and this JVM never did (CLOSE_WAIT)");
            kept.close();
            assertThat(watcher.stop().connections()).isNotEmpty();
        }
    }
}
