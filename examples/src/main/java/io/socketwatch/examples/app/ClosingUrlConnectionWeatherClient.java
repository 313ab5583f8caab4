package io.socketwatch.examples.app;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;

/**
 * The mistake: asks the server to close every connection ({@code Connection: close}, "to free resources"), so each
 * call opens a new one and the closed ones sit in TIME_WAIT.
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
