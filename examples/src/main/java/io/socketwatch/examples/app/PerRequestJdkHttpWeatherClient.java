package io.socketwatch.examples.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;

/**
 * The mistake: a new JDK {@link HttpClient} for every call. Each call opens its own connection; on JDK 17 the client
 * has no {@code close()}, so that connection stays open until the garbage collector finds the client.
 */
public final class PerRequestJdkHttpWeatherClient implements WeatherClient {

    private final String baseUrl;

    public PerRequestJdkHttpWeatherClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    @Override
    public String forecast(String city) throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        return JdkHttp.get(http, URI.create(baseUrl + "/forecast?city=" + city));
    }
}
