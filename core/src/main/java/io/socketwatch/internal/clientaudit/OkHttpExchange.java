package io.socketwatch.internal.clientaudit;

import java.io.IOException;
import java.net.URI;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** One GET with OkHttp, body read and closed. References OkHttp: loaded only for an {@link OkHttpClient}. */
public final class OkHttpExchange {

    private OkHttpExchange() {
    }

    /** Sends one GET to {@code uri} through {@code client}, reads the body and closes it. */
    public static void send(OkHttpClient client, URI uri) throws IOException {
        try (Response response = client.newCall(new Request.Builder().url(uri.toString()).build()).execute()) {
            response.body().bytes();
        }
    }
}
