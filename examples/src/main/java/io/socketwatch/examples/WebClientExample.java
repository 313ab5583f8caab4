package io.socketwatch.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.socketwatch.SocketWatcher;
import io.socketwatch.examples.app.PerRequestWebClientWeatherClient;
import io.socketwatch.examples.app.StatusOnlyWebClientWeatherClient;
import io.socketwatch.examples.app.WeatherApi;
import io.socketwatch.examples.app.WeatherClient;
import io.socketwatch.examples.app.WebClientWeatherClient;
import io.socketwatch.junit.SocketWatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Spring's {@code WebClient} on Reactor Netty (over Netty's epoll transport on Linux) against a weather API on
 * loopback: one shared client versus a client with its own pool per request (churn), and a streamed body never
 * consumed (a connection that never goes back to the pool).
 */
@SocketWatch
@DisplayName("Spring WebClient")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class WebClientExample {

    private static WeatherApi api;
    private static ConnectionProvider pool;
    private static WebClient web;

    @BeforeAll
    static void startApi() throws Exception {
        api = WeatherApi.keepingConnectionsAlive();
        pool = ConnectionProvider.create("weather", 10);
        web = WebClient.builder().baseUrl(api.baseUrl())
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create(pool))).build();
    }

    @AfterAll
    static void stopApi() {
        pool.disposeLater().block();
        api.close();
    }

    @Test
    @Order(1)
    @Tag("clean")
    @DisplayName("a shared WebClient reuses one connection")
    void sharedClientReusesOneConnection(SocketWatcher watcher) throws Exception {
        WeatherClient weather = new WebClientWeatherClient(web);
        for (String city : OkHttpExample.CITIES) {
            assertTrue(weather.forecast(city).contains(city));
        }
        watcher.assertConnectionReused("127.0.0.1", api.port());
    }

    @Test
    @Order(2)
    @Tag("faulty")
    @DisplayName("a new WebClient with its own pool per request churns connections into TIME_WAIT")
    void newClientPerRequestChurnsConnections() throws Exception {
        WeatherClient weather = new PerRequestWebClientWeatherClient(api.baseUrl());
        for (String city : OkHttpExample.CITIES) {
            assertTrue(weather.forecast(city).contains(city));
        }
    }

    @Test
    @Order(3)
    @Tag("faulty")
    @DisplayName("a response body never consumed keeps its connection out of the pool")
    void unconsumedBodyKeepsTheConnection() {
        StatusOnlyWebClientWeatherClient weather = new StatusOnlyWebClientWeatherClient(web);
        assertTrue(weather.hasHistory("Paris"));
    }
}
