package io.socketwatch.internal.agent;

import io.socketwatch.internal.agent.boot.SocketEvents;
import net.bytebuddy.asm.Advice;

/**
 * Advice inlined into client libraries: where they hand the application a connection and where it gives it back.
 * Each is applied only to the library's own class, so the library types it names are always there; every call goes
 * through the bootstrap relay {@link SocketEvents}, and nothing here throws into the library.
 */
final class ClientAdvice {

    private ClientAdvice() {
    }

    /** OkHttp's {@code RealCall.callStart()}, run by {@code execute()} and {@code enqueue()} on the caller's thread. */
    static final class OkHttpCallStart {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This okhttp3.Call call) {
            SocketEvents.acquired(call, "OKHTTP_CALL", call.request().method() + " " + call.request().url().redact());
        }
    }

    /** OkHttp's {@code RealCall.callDone(IOException)}: the call gave its connection back (or never got one). */
    static final class OkHttpCallDone {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object call) {
            SocketEvents.released(call);
        }
    }

    /** OkHttp's {@code ConnectPlan.connectTcp()}, often run on OkHttp's own threads: it connects for its call. */
    static final class OkHttpConnectTcp {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.FieldValue("call") Object call) {
            SocketEvents.onBehalfOf(call);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit() {
            SocketEvents.onBehalfOf(null);
        }
    }

    /** {@code DriverManager.getConnection(String, Properties, Class)}, which every public overload calls. */
    static final class DriverManagerGetConnection {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.Argument(0) String url, @Advice.Return Object connection) {
            SocketEvents.acquired(connection, "JDBC_CONNECTION", url);
        }
    }

    /** {@code HikariDataSource.getConnection()}: a connection borrowed from the pool. */
    static final class HikariGetConnection {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This com.zaxxer.hikari.HikariDataSource pool, @Advice.Return Object connection) {
            String url = pool.getJdbcUrl();
            SocketEvents.acquired(connection, "POOLED_JDBC_CONNECTION",
                    url != null ? url + " (" + pool.getPoolName() + ")" : pool.getPoolName());
        }
    }

    /** Apache HttpClient 5's pooled endpoint, created for each lease. */
    static final class ApacheLease {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object endpoint,
                         @Advice.Argument(0) org.apache.hc.core5.pool.PoolEntry<?, ?> entry) {
            SocketEvents.acquired(endpoint, "APACHE_HTTPCLIENT_LEASE", String.valueOf(entry.getRoute()));
        }
    }

    /** {@code PoolingHttpClientConnectionManager.release(ConnectionEndpoint, Object, TimeValue)}. */
    static final class ApacheRelease {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.Argument(0) Object endpoint) {
            SocketEvents.released(endpoint);
        }
    }
}
