package io.socketwatch.examples.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A tiny reverse proxy on 127.0.0.1 in front of one upstream server, forwarding {@code GET}s. With upstream keep-alive
 * it sends every request over one shared JDK {@link HttpClient}; without, it opens a connection per request and closes
 * it once the response is read, as a proxy does whose upstream keep-alive is off.
 */
public final class ReverseProxy implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService handlers;
    private final InetSocketAddress upstream;
    private final HttpClient upstreamClient;

    private ReverseProxy(InetSocketAddress upstream, boolean keepAlive) throws IOException {
        this.upstream = upstream;
        this.upstreamClient = keepAlive ? HttpClient.newHttpClient() : null;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
        handlers = Executors.newFixedThreadPool(4);
        server.setExecutor(handlers);
        server.createContext("/", this::forward);
        server.start();
    }

    /** Starts a proxy that keeps its upstream connections alive. */
    public static ReverseProxy withUpstreamKeepAlive(InetSocketAddress upstream) throws IOException {
        return new ReverseProxy(upstream, true);
    }

    /** Starts a proxy that opens and closes an upstream connection for every request. */
    public static ReverseProxy withoutUpstreamKeepAlive(InetSocketAddress upstream) throws IOException {
        return new ReverseProxy(upstream, false);
    }

    /** The base URL clients call, such as {@code http://127.0.0.1:40123}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().toString();
            byte[] body = upstreamClient != null ? viaPool(path) : viaNewConnection(path);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream response = exchange.getResponseBody()) {
                response.write(body);
            }
        }
    }

    private byte[] viaPool(String path) throws IOException {
        URI uri = URI.create("http://" + upstream.getHostString() + ":" + upstream.getPort() + path);
        try {
            return upstreamClient.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray())
                    .body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while forwarding " + path);
        }
    }

    private byte[] viaNewConnection(String path) throws IOException {
        try (Socket socket = new Socket(upstream.getAddress(), upstream.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + upstream.getHostString() + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            int length = contentLength(in);
            return in.readNBytes(length);
        }
    }

    /** Reads the response head and returns its {@code Content-Length}. */
    private static int contentLength(InputStream in) throws IOException {
        int length = -1;
        String line;
        while (!(line = readLine(in)).isEmpty()) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(lower.substring("content-length:".length()).trim());
            }
        }
        if (length < 0) {
            throw new IOException("upstream response without Content-Length");
        }
        return length;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("upstream closed the connection mid-response");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /** Stops the proxy at once. */
    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
