package io.socketwatch.examples.app;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The mistake: a new JDK {@link HttpClient} for every call. Each call opens its own connection, which stays open until
 * the garbage collector finds the client (on JDK 17 the client has no {@code close()}).
 */
public final class PerRequestJdkHttpWeatherClient implements WeatherClient {

    private final String baseUrl;

    public PerRequestJdkHttpWeatherClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    @Override
    public String forecast(String city) throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/forecast?city=" + city)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while fetching the forecast for " + city);
        }
    }
}
