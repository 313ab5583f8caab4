package io.socketwatch.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.socketwatch.SocketWatcher;
import io.socketwatch.examples.app.ApacheWeatherClient;
import io.socketwatch.examples.app.StatusOnlyApacheWeatherClient;
import io.socketwatch.examples.app.WeatherApi;
import io.socketwatch.examples.app.WeatherClient;
import io.socketwatch.junit.SocketWatch;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Apache HttpClient 5 (classic) against a weather API on loopback: responses closed versus never closed. */
@SocketWatch
@DisplayName("Apache HttpClient 5")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class ApacheHttpClientExample {

    private static WeatherApi api;

    @BeforeAll
    static void startApi() throws Exception {
        api = WeatherApi.keepingConnectionsAlive();
    }

    @AfterAll
    static void stopApi() {
        api.close();
    }

    @Test
    @Order(1)
    @Tag("clean")
    @DisplayName("responses closed in try-with-resources release one reused connection")
    void closedResponsesReuseOneConnection(SocketWatcher watcher) throws Exception {
        try (CloseableHttpClient http = HttpClients.createDefault()) {
            WeatherClient weather = new ApacheWeatherClient(http, api.baseUrl());
            for (String city : OkHttpExample.CITIES) {
                assertTrue(weather.forecast(city).contains(city));
            }
            watcher.assertConnectionReused("127.0.0.1", api.port());
        }
    }

    @Test
    @Order(2)
    @Tag("faulty")
    @DisplayName("responses never closed keep their connections leased, a new one per request")
    void unclosedResponsesNeverReleaseTheirConnections(SocketWatcher watcher) throws Exception {
        try (CloseableHttpClient http = HttpClients.createDefault()) {
            StatusOnlyApacheWeatherClient weather = new StatusOnlyApacheWeatherClient(http, api.baseUrl());
            for (String city : OkHttpExample.CITIES) { // a fifth call would wait for a connection: the pool is spent
                assertTrue(weather.hasForecast(city));
            }
            watcher.assertConnectionReused("127.0.0.1", api.port());
        }
    }
}
