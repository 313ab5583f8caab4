package io.socketwatch.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.socketwatch.SocketWatcher;
import io.socketwatch.examples.app.JdkHttpWeatherClient;
import io.socketwatch.examples.app.PerRequestJdkHttpWeatherClient;
import io.socketwatch.examples.app.WeatherApi;
import io.socketwatch.examples.app.WeatherClient;
import io.socketwatch.junit.SocketWatch;
import java.net.http.HttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The JDK's {@link HttpClient} against a weather API on loopback: one shared client versus a client per request. */
@SocketWatch
@DisplayName("JDK HttpClient")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class JdkHttpClientExample {

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
    @DisplayName("a shared HttpClient reuses one connection")
    void sharedClientReusesOneConnection(SocketWatcher watcher) throws Exception {
        WeatherClient weather = new JdkHttpWeatherClient(HttpClient.newHttpClient(), api.baseUrl());
        for (String city : OkHttpExample.CITIES) {
            assertTrue(weather.forecast(city).contains(city));
        }
        watcher.assertConnectionReused("127.0.0.1", api.port());
    }

    @Test
    @Order(2)
    @Tag("faulty")
    @DisplayName("a new HttpClient per request opens a connection per request")
    void newClientPerRequestOpensAConnectionPerRequest(SocketWatcher watcher) throws Exception {
        WeatherClient weather = new PerRequestJdkHttpWeatherClient(api.baseUrl());
        for (String city : OkHttpExample.CITIES) {
            assertTrue(weather.forecast(city).contains(city));
        }
        watcher.assertConnectionReused("127.0.0.1", api.port());
    }
}
