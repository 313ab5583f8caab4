package io.socketwatch.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A connection a client library handed to the application, which holds it until the application releases it: an
 * OkHttp call until its response body is closed, a JDBC connection until it is closed, an Apache HttpClient lease
 * until its response is closed, a Reactor Netty pooled connection until its response body is consumed or cancelled. One obtained in a window and not released by its end is a leak, whatever the socket's
 * state: the socket is fine, the code that should give it back is not.
 *
 * @param id         unique in this JVM, in order of acquisition
 * @param kind       what it is
 * @param target     what it is connected to: a URL, a JDBC URL or a route; never with a password
 * @param site       where the application obtained it
 * @param acquiredAt when the application obtained it
 * @param released   whether the application released it by the end of the window
 * @param poolMaximumSize how many connections the pool it came from may hold to its target, where the integration can
 *                   read it: HikariCP's {@code maximumPoolSize}; Apache HttpClient's maximum per route, read from its
 *                   connection manager when the lease is released; a Reactor Netty pool's maximum connections per
 *                   remote address; empty otherwise
 */
public record ClientResource(long id, Kind kind, String target, OpeningSite site, Instant acquiredAt, boolean released,
                             OptionalInt poolMaximumSize) {

    /** The kinds of resource socketwatch follows, with what releases each. */
    public enum Kind {
        /** An OkHttp call, held until its response body is closed or read to the end. */
        OKHTTP_CALL("OkHttp call", "its response body was never closed: the call keeps its connection out of the pool"),
        /** A connection from {@code java.sql.DriverManager}: a physical connection to the database. */
        JDBC_CONNECTION("JDBC connection", "never closed: the database connection stays open, on both sides"),
        /** A connection borrowed from a HikariCP pool. */
        POOLED_JDBC_CONNECTION("pooled JDBC connection",
                "never closed: it is never returned, and the pool has one connection less until it is"),
        /** A connection leased from Apache HttpClient 5's pool for one request. */
        APACHE_HTTPCLIENT_LEASE("Apache HttpClient connection lease",
                "its response was never closed: the lease is never released, and the route's pool (5 connections by "
                        + "default) has one connection less"),
        /**
         * A connection acquired from Reactor Netty's pool ({@code ConnectionProvider}) for one request of its
         * {@code HttpClient} or of Spring's {@code WebClient}, held until the response body is consumed or cancelled.
         */
        REACTOR_NETTY_CONNECTION("Reactor Netty pooled connection",
                "its response body was never consumed nor cancelled: the connection never goes back to the pool, "
                        + "which has one connection less to that address; consume the body (bodyToMono, "
                        + "toBodilessEntity) or release it (releaseBody())");

        private final String displayName;
        private final String whenUnreleased;

        Kind(String displayName, String whenUnreleased) {
            this.displayName = displayName;
            this.whenUnreleased = whenUnreleased;
        }

        /** Returns the kind as messages name it, e.g. {@code OkHttp call}. */
        public String displayName() {
            return displayName;
        }

        /** Returns what it means that a resource of this kind was not released, for failure messages. */
        public String whenUnreleased() {
            return whenUnreleased;
        }
    }

    public ClientResource {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(acquiredAt, "acquiredAt");
        Objects.requireNonNull(poolMaximumSize, "poolMaximumSize");
    }

    /** A resource whose pool size is unknown. */
    public ClientResource(long id, Kind kind, String target, OpeningSite site, Instant acquiredAt, boolean released) {
        this(id, kind, target, site, acquiredAt, released, OptionalInt.empty());
    }

    /** Returns how long ago, at {@code now}, the application obtained it. */
    public Duration age(Instant now) {
        return Duration.between(acquiredAt, now);
    }
}
