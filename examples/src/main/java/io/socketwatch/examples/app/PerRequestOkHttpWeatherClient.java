package io.socketwatch.examples.app;

import java.io.IOException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The mistake: a new {@link OkHttpClient} for every call, "cleaned up" afterwards by evicting its pool. Each call opens
 * a connection and closes it, leaving a socket in TIME_WAIT for 60 s.
 */
public final class PerRequestOkHttpWeatherClient implements WeatherClient {

    private final String baseUrl;

    public PerRequestOkHttpWeatherClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    @Override
    public String forecast(String city) throws IOException {
        OkHttpClient http = new OkHttpClient();
        Request request = new Request.Builder().url(baseUrl + "/forecast?city=" + city).build();
        try (Response response = http.newCall(request).execute()) {
            return response.body().string();
        } finally {
            http.connectionPool().evictAll();
            http.dispatcher().executorService().shutdown();
        }
    }
}
