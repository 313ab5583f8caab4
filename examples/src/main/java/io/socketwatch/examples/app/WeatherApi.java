package io.socketwatch.examples.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small weather API on 127.0.0.1, served by the JDK's {@code HttpServer}: {@code GET /forecast?city=Paris} answers
 * {@code {"city":"Paris","forecast":"sunny"}}, and {@code GET /history?city=Paris} a city's hourly readings since
 * 1980, about 4 MB of JSON. It keeps connections alive unless started with
 * {@link #closingConnections()}, which answers every request with {@code Connection: close}, as some servers and
 * load balancers do.
 */
public final class WeatherApi implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService handlers;

    private WeatherApi(boolean closeConnections) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
        handlers = Executors.newFixedThreadPool(4);
        server.setExecutor(handlers);
        server.createContext("/forecast", exchange -> answer(exchange, closeConnections));
        server.createContext("/history", WeatherApi::answerHistory);
        server.start();
    }

    /** Starts an API that keeps connections alive. */
    public static WeatherApi keepingConnectionsAlive() throws IOException {
        return new WeatherApi(false);
    }

    /** Starts an API that answers every request with {@code Connection: close}. */
    public static WeatherApi closingConnections() throws IOException {
        return new WeatherApi(true);
    }

    /** The base URL, such as {@code http://127.0.0.1:40123}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** The address the API listens on. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The port the API listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, boolean closeConnection) throws IOException {
        try (exchange; InputStream request = exchange.getRequestBody()) {
            request.readAllBytes();
            String city = city(exchange.getRequestURI());
            byte[] body = ("{\"city\":\"" + city + "\",\"forecast\":\"sunny\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            if (closeConnection) {
                exchange.getResponseHeaders().set("Connection", "close");
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream response = exchange.getResponseBody()) {
                response.write(body);
            }
        }
    }

    private static void answerHistory(HttpExchange exchange) throws IOException {
        try (exchange; InputStream request = exchange.getRequestBody()) {
            request.readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, HISTORY.length);
            try (OutputStream response = exchange.getResponseBody()) {
                response.write(HISTORY);
            } catch (IOException clientGaveUp) {
                // a client that stops reading and closes its connection: nothing left to answer
            }
        }
    }

    /** About 4 MB of hourly readings, the same for every city. */
    private static final byte[] HISTORY = history();

    private static byte[] history() {
        StringBuilder json = new StringBuilder("[");
        for (int hour = 0; hour < 200_000; hour++) {
            json.append(hour == 0 ? "" : ",").append("{\"hour\":").append(hour).append(",\"celsius\":21}");
        }
        return json.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String city(URI uri) {
        String query = uri.getRawQuery();
        return query != null && query.startsWith("city=") ? query.substring("city=".length()) : "unknown";
    }

    /** Stops the API at once and closes its connections. */
    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
