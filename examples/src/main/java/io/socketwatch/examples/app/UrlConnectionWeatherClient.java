package io.socketwatch.examples.app;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The right way with {@link HttpURLConnection}: read each response to the end and close its stream, so the JDK's
 * keep-alive cache reuses the connection.
 */
public final class UrlConnectionWeatherClient implements WeatherClient {

    private final String baseUrl;

    public UrlConnectionWeatherClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    @Override
    public String forecast(String city) throws IOException {
        HttpURLConnection connection = open(baseUrl, city);
        try (InputStream body = connection.getInputStream()) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static HttpURLConnection open(String baseUrl, String city) throws IOException {
        URL url = URI.create(baseUrl + "/forecast?city=" + city).toURL();
        return (HttpURLConnection) url.openConnection();
    }
}
