package io.socketwatch.examples.app;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The right way: one shared JDK {@link HttpClient}, whose pool keeps one connection alive for every call. */
public final class JdkHttpWeatherClient implements WeatherClient {

    private final HttpClient http;
    private final String baseUrl;

    /** Uses {@code http}, shared with the rest of the application. */
    public JdkHttpWeatherClient(HttpClient http, String baseUrl) {
        this.http = http;
        this.baseUrl = baseUrl;
    }

    @Override
    public String forecast(String city) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/forecast?city=" + city)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while fetching the forecast for " + city);
        }
    }
}
