package io.socketwatch.examples.app;

import java.io.IOException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;

/**
 * The mistake: checks the status code and never closes the response, so its connection stays leased: the pool opens
 * a new connection for every call, and once it has leased them all (5 per route by default) the next call blocks.
 */
public final class StatusOnlyApacheWeatherClient {

    private final CloseableHttpClient http;
    private final String baseUrl;

    public StatusOnlyApacheWeatherClient(CloseableHttpClient http, String baseUrl) {
        this.http = http;
        this.baseUrl = baseUrl;
    }

    /** Returns whether the API has a forecast for {@code city}. */
    public boolean hasForecast(String city) throws IOException {
        ClassicHttpResponse response = http.executeOpen(null, new HttpGet(baseUrl + "/forecast?city=" + city), null);
        return response.getCode() == 200; // never closed: the connection is never released
    }
}
