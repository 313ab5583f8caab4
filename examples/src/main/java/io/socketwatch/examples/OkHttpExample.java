package io.socketwatch.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.socketwatch.SocketWatcher;
import io.socketwatch.examples.app.ClientPerCallOkHttpWeatherClient;
import io.socketwatch.examples.app.OkHttpWeatherClient;
import io.socketwatch.examples.app.PerRequestOkHttpWeatherClient;
import io.socketwatch.examples.app.StatusOnlyOkHttpWeatherClient;
import io.socketwatch.examples.app.WeatherApi;
import io.socketwatch.examples.app.WeatherClient;
import io.socketwatch.junit.SocketWatch;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * OkHttp against a weather API on loopback: one shared client versus a client per request, closed (churn) or left
 * idle (a client per call).
 */
@SocketWatch
@DisplayName("OkHttp")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class OkHttpExample {

    static final List<String> CITIES = List.of("Paris", "Oslo", "Lima", "Accra");

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
    @DisplayName("a shared OkHttpClient reuses one connection")
    void sharedClientReusesOneConnection(SocketWatcher watcher) throws Exception {
        WeatherClient weather = new OkHttpWeatherClient(new OkHttpClient(), api.baseUrl());
        for (String city : CITIES) {
            assertTrue(weather.forecast(city).contains(city));
        }
        watcher.assertConnectionReused("127.0.0.1", api.port());
    }

    @Test
    @Order(2)
    @Tag("faulty")
    @DisplayName("a new OkHttpClient per request churns connections into TIME_WAIT")
    void newClientPerRequestChurnsConnections() throws Exception {
        WeatherClient weather = new PerRequestOkHttpWeatherClient(api.baseUrl());
        for (String city : CITIES) {
            assertTrue(weather.forecast(city).contains(city));
        }
    }

    @Test
    @Order(3)
    @Tag("faulty")
    @DisplayName("a new OkHttpClient per call leaves each connection idle in an abandoned pool")
    void newClientPerCallLeavesIdleConnections() throws Exception {
        WeatherClient weather = new ClientPerCallOkHttpWeatherClient(api.baseUrl());
        for (String city : CITIES) {
            assertTrue(weather.forecast(city).contains(city));
        }
    }

    @Test
    @Order(4)
    @Tag("faulty")
    @DisplayName("a shared OkHttpClient whose responses are never closed cannot reuse connections")
    void unclosedResponsesDefeatThePool(SocketWatcher watcher) throws Exception {
        StatusOnlyOkHttpWeatherClient weather = new StatusOnlyOkHttpWeatherClient(new OkHttpClient(), api.baseUrl());
        for (String city : CITIES) {
            assertTrue(weather.hasForecast(city));
        }
        watcher.assertConnectionReused("127.0.0.1", api.port());
    }
}
