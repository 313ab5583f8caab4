package io.socketwatch.internal.clientaudit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One GET with the JDK HttpClient, body discarded, 30 s request timeout. */
public final class JdkHttpExchange {

    private JdkHttpExchange() {
    }

    /** Sends one GET to {@code uri} through {@code client} and discards the body. */
    public static void send(HttpClient client, URI uri) throws IOException, InterruptedException {
        client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.discarding());
    }
}
