package io.socketwatch.internal.tracker;

/**
 * Reads the pool a built client keeps its connections in, by reflection: the library may sit in any class loader, so
 * none of its types is named here. Called once per client built, never on a socket event.
 */
final class ClientPools {

    private static final String OKHTTP_CLIENT = "okhttp3.OkHttpClient";
    private static final String JDK_HTTP_CLIENT = "jdk.internal.net.http.HttpClientImpl";

    private ClientPools() {
    }

    /**
     * Returns the object that pools {@code client}'s connections: an OkHttp client's {@code RealConnectionPool}, which
     * its {@code ConnectPlan} names when it connects; the client itself for the JDK's {@code HttpClient} and Apache's
     * connection manager. {@code null} when it cannot be read: the client is then not followed.
     */
    static Object poolOf(Object client) {
        if (!client.getClass().getName().equals(OKHTTP_CLIENT)) {
            return client;
        }
        try {
            Object pool = client.getClass().getMethod("connectionPool").invoke(client);
            return pool.getClass().getMethod("getDelegate$okhttp").invoke(pool);
        } catch (ReflectiveOperationException | RuntimeException unreadable) {
            return null;
        }
    }

    /** Returns the type a user knows the client by: {@code HttpClient} for the JDK's, else its class's simple name. */
    static String typeOf(Object client) {
        return client.getClass().getName().equals(JDK_HTTP_CLIENT) ? "HttpClient" : client.getClass().getSimpleName();
    }
}
