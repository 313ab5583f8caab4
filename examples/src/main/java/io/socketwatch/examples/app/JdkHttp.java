package io.socketwatch.examples.app;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A GET with the JDK {@link HttpClient} over HTTP/1.1, the way the weather clients and the proxy send it. */
final class JdkHttp {

    private JdkHttp() {
    }

    static String get(HttpClient http, URI uri) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).version(HttpClient.Version.HTTP_1_1).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + uri);
        }
    }
}
