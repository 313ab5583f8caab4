package io.socketwatch.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.socketwatch.examples.app.JdkHttpWeatherClient;
import io.socketwatch.examples.app.ReverseProxy;
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

/**
 * A reverse proxy in front of the weather API. Clients keep their connection to the proxy alive; what differs is the
 * proxy's own connections to the API.
 */
@SocketWatch
@DisplayName("Reverse proxy")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public class ReverseProxyExample {

    private static WeatherApi api;
    private static ReverseProxy keepingAlive;
    private static ReverseProxy notKeepingAlive;

    @BeforeAll
    static void start() throws Exception {
        api = WeatherApi.keepingConnectionsAlive();
        keepingAlive = ReverseProxy.withUpstreamKeepAlive(api.address());
        notKeepingAlive = ReverseProxy.withoutUpstreamKeepAlive(api.address());
    }

    @AfterAll
    static void stop() {
        keepingAlive.close();
        notKeepingAlive.close();
        api.close();
    }

    @Test
    @Order(1)
    @Tag("clean")
    @DisplayName("a proxy with upstream keep-alive reuses its upstream connection")
    void upstreamKeepAliveReusesConnections() throws Exception {
        callThrough(keepingAlive);
    }

    @Test
    @Order(2)
    @Tag("faulty")
    @DisplayName("a proxy without upstream keep-alive churns upstream connections into TIME_WAIT")
    void noUpstreamKeepAliveChurnsConnections() throws Exception {
        callThrough(notKeepingAlive);
    }

    private static void callThrough(ReverseProxy proxy) throws Exception {
        WeatherClient weather = new JdkHttpWeatherClient(HttpClient.newHttpClient(), proxy.baseUrl());
        for (String city : OkHttpExample.CITIES) {
            assertTrue(weather.forecast(city).contains(city));
        }
    }
}
