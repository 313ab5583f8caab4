package io.socketwatch.internal.clientaudit;

import io.socketwatch.audit.ConnectionProbe;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One GET with the JDK HttpClient, body discarded, 30 s request timeout. */
public record JdkHttpExchange(HttpClient client) implements ConnectionProbe.Exchange {

    @Override
    public void send(URI uri) throws Exception {
        client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.discarding());
    }
}
