package io.socketwatch.examples.app;

import java.io.IOException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The mistake: a new {@link OkHttpClient} for every call, each response closed. Each client opens a connection of its
 * own and keeps it idle in its pool, which nobody uses again: nothing is closed, so nothing is churned or leaked, but
 * every call pays a new connection.
 */
public final class ClientPerCallOkHttpWeatherClient implements WeatherClient {

    private final String baseUrl;

    public ClientPerCallOkHttpWeatherClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    @Override
    public String forecast(String city) throws IOException {
        OkHttpClient http = new OkHttpClient.Builder().build();
        Request request = new Request.Builder().url(baseUrl + "/forecast?city=" + city).build();
        try (Response response = http.newCall(request).execute()) {
            return response.body().string();
        }
    }
}
