package io.socketwatch.examples.app;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The mistake: a new {@link WebClient} for every call, with a connection pool of its own (to set its own limits), which
 * is disposed of afterwards. Each call opens a connection and closes it, leaving a socket in TIME_WAIT for 60 s.
 */
public final class PerRequestWebClientWeatherClient implements WeatherClient {

    private final String baseUrl;

    public PerRequestWebClientWeatherClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    @Override
    public String forecast(String city) {
        ConnectionProvider pool = ConnectionProvider.create("weather", 10);
        try {
            WebClient web = WebClient.builder().baseUrl(baseUrl)
                    .clientConnector(new ReactorClientHttpConnector(HttpClient.create(pool))).build();
            return web.get().uri("/forecast?city={city}", city).retrieve().bodyToMono(String.class).block();
        } finally {
            pool.disposeLater().block();
        }
    }
}
