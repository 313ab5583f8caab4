package io.socketwatch.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.socketwatch.SocketWatcher;
import io.socketwatch.examples.app.ClosingUrlConnectionWeatherClient;
import io.socketwatch.examples.app.StatusOnlyUrlConnectionWeatherClient;
import io.socketwatch.examples.app.UrlConnectionWeatherClient;
import io.socketwatch.examples.app.WeatherApi;
import io.socketwatch.examples.app.WeatherClient;
import io.socketwatch.junit.SocketWatch;
import java.net.HttpURLConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** {@link HttpURLConnection} against a weather API on loopback: streams read and closed versus not. */
@SocketWatch
@DisplayName("HttpURLConnection")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class HttpUrlConnectionExample {

    private static WeatherApi api;
    private static WeatherApi closingApi;

    @BeforeAll
    static void startApis() throws Exception {
        api = WeatherApi.keepingConnectionsAlive();
        closingApi = WeatherApi.closingConnections();
    }

    @AfterAll
    static void stopApis() {
        api.close();
        closingApi.close();
    }

    @Test
    @Order(1)
    @Tag("clean")
    @DisplayName("responses read to the end and closed reuse one connection")
    void streamsReadAndClosedReuseOneConnection(SocketWatcher watcher) throws Exception {
        WeatherClient weather = new UrlConnectionWeatherClient(api.baseUrl());
        for (String city : OkHttpExample.CITIES) {
            assertTrue(weather.forecast(city).contains(city));
        }
        watcher.assertConnectionReused("127.0.0.1", api.port());
    }

    @Test
    @Order(2)
    @Tag("faulty")
    @DisplayName("a server answering Connection: close churns connections into TIME_WAIT")
    void serverAnsweringConnectionCloseChurnsConnections() throws Exception {
        WeatherClient weather = new UrlConnectionWeatherClient(closingApi.baseUrl());
        for (String city : OkHttpExample.CITIES) {
            assertTrue(weather.forecast(city).contains(city));
        }
    }

    @Test
    @Order(3)
    @Tag("faulty")
    @DisplayName("a client sending Connection: close leaves a dead connection in CLOSE_WAIT")
    void clientSendingConnectionCloseLeavesCloseWait() throws Exception {
        WeatherClient weather = new ClosingUrlConnectionWeatherClient(api.baseUrl());
        for (String city : OkHttpExample.CITIES) {
            assertTrue(weather.forecast(city).contains(city));
        }
    }

    @Test
    @Order(4)
    @Tag("faulty")
    @DisplayName("response streams never read nor closed leak their connections")
    void unreadStreamsLeakConnections() throws Exception {
        StatusOnlyUrlConnectionWeatherClient weather = new StatusOnlyUrlConnectionWeatherClient(api.baseUrl());
        for (String city : OkHttpExample.CITIES) {
            assertTrue(weather.hasForecast(city));
        }
    }
}
