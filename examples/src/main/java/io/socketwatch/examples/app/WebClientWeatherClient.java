package io.socketwatch.examples.app;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * The right way: one shared Spring {@link WebClient} on Reactor Netty, each body consumed, so its pool's connection
 * serves every call.
 */
public final class WebClientWeatherClient implements WeatherClient {

    private final WebClient web;

    /** Uses {@code web}, shared with the rest of the application and built with the API's base URL. */
    public WebClientWeatherClient(WebClient web) {
        this.web = web;
    }

    @Override
    public String forecast(String city) {
        return web.get().uri("/forecast?city={city}", city).retrieve().bodyToMono(String.class).block();
    }
}
