package io.socketwatch.examples.app;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;

/**
 * The mistake: asks the server to close every connection ({@code Connection: close}, "to free resources"). The server
 * does, but the JDK's keep-alive cache looks only at the response, which does not say {@code close}, so it keeps the
 * closed connection: it sits in CLOSE_WAIT, and the next request fails on it and is retried on a new connection.
 */
public final class ClosingUrlConnectionWeatherClient implements WeatherClient {

    private final String baseUrl;

    public ClosingUrlConnectionWeatherClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    @Override
    public String forecast(String city) throws IOException {
        HttpURLConnection connection = UrlConnectionWeatherClient.open(baseUrl, city);
        connection.setRequestProperty("Connection", "close");
        try (InputStream body = connection.getInputStream()) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
