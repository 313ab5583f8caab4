package io.socketwatch.internal.clientaudit;

/** The TCP facts the audits' reasons rest on, worded once. */
final class TcpCosts {

    /** Linux's TIME_WAIT, fixed: {@value} s. */
    static final int TIME_WAIT_SECONDS = 60;

    /** Ephemeral ports in Linux's default range 32768–60999: {@value}. */
    static final int DEFAULT_EPHEMERAL_PORTS = 28_232;

    /** What closing connections after use costs. */
    static final String CHURN = "each connection the client closes first holds its local port in TIME_WAIT for 60 s, "
            + "and the default 28,232 ephemeral ports sustain only about 470 new connections/s to one endpoint";

    /** What keeping idle connections longer than the server does costs. */
    static final String STALE = "servers close idle connections sooner (Node.js and Apache httpd after 5 s, "
            + "AWS ALB after 60 s): the server closes first, the pooled socket sits in CLOSE_WAIT, and the next "
            + "request on it fails";

    private TcpCosts() {
    }
}
