package io.socketwatch.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A loopback server for tests: echoes each connection's bytes until the client closes, then closes its end. Accepts
 * on its own thread and serves each connection on a thread of its own, so parallel tests can share it.
 */
public final class EchoServer implements AutoCloseable {

    private final ServerSocket server;
    private final Thread thread;
    private final Semaphore handled = new Semaphore(0);

    public EchoServer(String host) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getByName(host));
        thread = new Thread(this::serve, "echo-server");
        thread.setDaemon(true);
        thread.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Waits, at most 10 s, until the server has finished with {@code connections} more connections. */
    public void awaitHandled(int connections) throws InterruptedException {
        if (!handled.tryAcquire(connections, 10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the echo server did not finish " + connections + " connection(s) in 10 s");
        }
    }

    /** Sends {@code message} and reads the echo back. */
    public static String roundTrip(Socket socket, String message) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(message.getBytes());
        out.flush();
        return new String(socket.getInputStream().readNBytes(message.length()));
    }

    private void serve() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread connection = new Thread(() -> echo(socket), "echo-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                // the server was closed
            }
        }
    }

    private void echo(Socket accepted) {
        try (Socket socket = accepted) {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[256];
            int n;
            while ((n = in.read(buffer)) > 0) {
                socket.getOutputStream().write(buffer, 0, n);
            }
        } catch (IOException e) {
            // the client reset
        } finally {
            handled.release();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.close();
        thread.join(5000);
    }
}
