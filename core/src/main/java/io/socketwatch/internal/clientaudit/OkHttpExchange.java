package io.socketwatch.internal.clientaudit;

import io.socketwatch.audit.ConnectionProbe;
import java.util.Objects;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** One GET with OkHttp, body read and closed. References OkHttp: loaded only for an {@link OkHttpClient}. */
public final class OkHttpExchange {

    private OkHttpExchange() {
    }

    public static ConnectionProbe.Exchange of(OkHttpClient client) {
        Objects.requireNonNull(client, "client");
        return uri -> {
            try (Response response = client.newCall(new Request.Builder().url(uri.toString()).build()).execute()) {
                response.body().bytes();
            }
        };
    }
}
