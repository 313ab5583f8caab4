package io.socketwatch.examples.app;

import java.io.IOException;
import java.net.HttpURLConnection;

/**
 * The mistake: reads the status code and neither reads nor closes the response stream, so the JDK cannot return the
 * connection to its keep-alive cache; the socket stays open until the garbage collector finds it.
 */
public final class StatusOnlyUrlConnectionWeatherClient {

    private final String baseUrl;

    public StatusOnlyUrlConnectionWeatherClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Returns whether the API has a forecast for {@code city}. */
    public boolean hasForecast(String city) throws IOException {
        HttpURLConnection connection = UrlConnectionWeatherClient.open(baseUrl, city);
        return connection.getResponseCode() == HttpURLConnection.HTTP_OK; // the body is never read nor closed
    }
}
