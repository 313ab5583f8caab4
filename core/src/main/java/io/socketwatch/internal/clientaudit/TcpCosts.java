package io.socketwatch.internal.clientaudit;

import io.socketwatch.internal.os.PlatformTcpFacts;

/** The TCP facts the audits' reasons rest on, worded once. */
final class TcpCosts {

    /** What closing connections after use costs, on the system this JVM runs on. */
    static final String CHURN = churn(PlatformTcpFacts.current());

    /** What keeping idle connections longer than the server does costs. */
    static final String STALE = "servers close idle connections sooner (Node.js and Apache httpd after 5 s, "
            + "AWS ALB after 60 s): the server closes first, the pooled socket sits in CLOSE_WAIT, and the next "
            + "request on it fails";

    private TcpCosts() {
    }

    /** What closing connections after use costs on {@code platform}. */
    static String churn(PlatformTcpFacts platform) {
        return "each connection the client closes first holds its local port in TIME_WAIT for "
                + platform.timeWaitSeconds() + " s, and the default " + platform.ephemeralPortsText()
                + " ephemeral ports sustain only about " + platform.sustainedConnectionsPerSecond()
                + " new connections/s to one endpoint";
    }
}
