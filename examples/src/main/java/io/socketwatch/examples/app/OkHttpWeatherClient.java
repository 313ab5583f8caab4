package io.socketwatch.examples.app;

import java.io.IOException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** The right way: one shared {@link OkHttpClient}, each response closed, so one pooled connection serves every call. */
public final class OkHttpWeatherClient implements WeatherClient {

    private final OkHttpClient http;
    private final String baseUrl;

    /** Uses {@code http}, shared with the rest of the application. */
    public OkHttpWeatherClient(OkHttpClient http, String baseUrl) {
        this.http = http;
        this.baseUrl = baseUrl;
    }

    @Override
    public String forecast(String city) throws IOException {
        Request request = new Request.Builder().url(baseUrl + "/forecast?city=" + city).build();
        try (Response response = http.newCall(request).execute()) {
            return response.body().string();
        }
    }
}
