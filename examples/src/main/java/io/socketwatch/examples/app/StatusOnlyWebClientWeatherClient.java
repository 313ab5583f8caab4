package io.socketwatch.examples.app;

import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/**
 * The mistake: checks whether a city has a history from the status code of a streamed response, and never consumes
 * nor cancels its body, so Reactor Netty's pool never gets the connection back.
 */
public final class StatusOnlyWebClientWeatherClient {

    private final WebClient web;

    public StatusOnlyWebClientWeatherClient(WebClient web) {
        this.web = web;
    }

    /** Returns whether the API has a history for {@code city}. */
    public boolean hasHistory(String city) {
        ResponseEntity<Flux<String>> history = web.get().uri("/history?city={city}", city).retrieve()
                .toEntityFlux(String.class).block(); // its body is never subscribed to
        return history != null && history.getStatusCode().is2xxSuccessful();
    }
}
