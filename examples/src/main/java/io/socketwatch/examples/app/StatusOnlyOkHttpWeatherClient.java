package io.socketwatch.examples.app;

import java.io.IOException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The mistake: checks whether a forecast exists from the status code and never closes the response, so its body
 * holds the connection: it never returns to the pool.
 */
public final class StatusOnlyOkHttpWeatherClient {

    private final OkHttpClient http;
    private final String baseUrl;

    public StatusOnlyOkHttpWeatherClient(OkHttpClient http, String baseUrl) {
        this.http = http;
        this.baseUrl = baseUrl;
    }

    /** Returns whether the API has a forecast for {@code city}. */
    public boolean hasForecast(String city) throws IOException {
        Request request = new Request.Builder().url(baseUrl + "/forecast?city=" + city).build();
        Response response = http.newCall(request).execute(); // never closed
        return response.isSuccessful();
    }
}
