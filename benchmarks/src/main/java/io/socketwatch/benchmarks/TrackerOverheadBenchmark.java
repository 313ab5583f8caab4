package io.socketwatch.benchmarks;

import io.socketwatch.SocketWatcher;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What socketwatch's instrumentation adds to the code under test, in a JVM with ({@code tracked}: the agent, and a
 * recording window open, as in a watched test) and without ({@code plain}) socketwatch: a loopback connect and close,
 * and one request/response exchange on an open connection. The window keeps its first 10,000 connections and counts
 * the rest, as it would in a test that opens that many.
 * Connections are closed with a reset (SO_LINGER 0) so that the benchmark leaves no TIME_WAIT and cannot run out of
 * ports; the tracker still sees the close. The server that connect+close connects to accepts and closes on one
 * thread: a thread per connection, as the echo server has, would keep both cores busy with thread starts, so that
 * any work on the accepting side would show as the client's.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 2, jvmArgsAppend = "-XX:+EnableDynamicAgentLoading")
@State(Scope.Benchmark)
public class TrackerOverheadBenchmark {

    @Param({"plain", "tracked"})
    public String jvm;

    private ServerSocket server;
    private ServerSocket closingServer;
    private Socket connection;
    private SocketWatcher watcher;

    @Setup
    public void start() throws IOException {
        if (jvm.equals("tracked")) {
            watcher = SocketWatcher.start();
        }
        server = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());
        start(this::serve, "benchmark-echo-server");
        closingServer = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());
        start(this::acceptAndClose, "benchmark-closing-server");
        connection = new Socket(server.getInetAddress(), server.getLocalPort());
    }

    @TearDown
    public void stop() throws IOException {
        if (watcher != null) {
            watcher.close();
        }
        connection.close();
        server.close();
        closingServer.close();
    }

    @Benchmark
    public void connectAndClose() throws IOException {
        Socket socket = new Socket(closingServer.getInetAddress(), closingServer.getLocalPort());
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Benchmark
    public int exchange() throws IOException {
        connection.getOutputStream().write('?');
        return connection.getInputStream().read();
    }

    private static void start(Runnable server, String name) {
        Thread thread = new Thread(server, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Closes each connection as soon as it is accepted, until the server socket is closed. */
    private void acceptAndClose() {
        while (!closingServer.isClosed()) {
            try {
                closingServer.accept().close();
            } catch (IOException closed) {
                // the server socket, or a connection reset before it was accepted
            }
        }
    }

    /** Answers each byte with one byte, on a thread per connection, until the peer goes. */
    private void serve() {
        while (!server.isClosed()) {
            try {
                Socket accepted = server.accept();
                Thread echo = new Thread(() -> echo(accepted), "benchmark-echo");
                echo.setDaemon(true);
                echo.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void echo(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            int b;
            while ((b = in.read()) != -1) {
                out.write(b);
            }
        } catch (IOException reset) {
            // the client reset the connection
        }
    }
}
