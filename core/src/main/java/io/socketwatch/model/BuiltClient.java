package io.socketwatch.model;

import java.util.Objects;

/**
 * A client, or connection pool, that the application built and that opened connections: an OkHttp
 * {@code OkHttpClient} (with the clients derived from it by {@code newBuilder()}, which share its pool), a JDK
 * {@code HttpClient}, or an Apache HttpClient 5 {@code PoolingHttpClientConnectionManager} (built by
 * {@code HttpClients.createDefault()} and {@code custom().build()} too).
 *
 * @param id   unique in this JVM, in the order the clients were built
 * @param type the type as messages name it: {@code OkHttpClient}, {@code HttpClient} or
 *             {@code PoolingHttpClientConnectionManager}
 * @param site where it was built: its application frame is the line that built it
 * @since 0.1.0
 */
public record BuiltClient(long id, String type, OpeningSite site) {

    public BuiltClient {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(site, "site");
    }
}
