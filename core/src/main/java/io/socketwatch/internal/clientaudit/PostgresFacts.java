package io.socketwatch.internal.clientaudit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a PostgreSQL server says about its idle limits, read with {@code SHOW idle_session_timeout},
 * {@code SHOW tcp_keepalives_idle} and {@code SHOW max_connections}.
 *
 * @param idleSessionTimeout the server closes sessions idle this long; zero when off (the default)
 * @param tcpKeepalivesIdle  idle time before the server's TCP keep-alive probes; zero means the OS default
 * @param maxConnections     the server's connection limit
 */
record PostgresFacts(Duration idleSessionTimeout, Duration tcpKeepalivesIdle, int maxConnections) {

    private static final Pattern VALUE = Pattern.compile("(\\d+)\\s*(ms|s|min|h|d)?");

    /** Reads the facts over {@code connection}, which must be to PostgreSQL 14 or later. */
    static PostgresFacts read(Connection connection) throws SQLException {
        return new PostgresFacts(
                parse(show(connection, "idle_session_timeout"), "ms"),
                parse(show(connection, "tcp_keepalives_idle"), "s"),
                Integer.parseInt(show(connection, "max_connections")));
    }

    /** Parses a {@code SHOW} value such as {@code 1min} or {@code 0}; {@code bareUnit} is the unit of a bare number. */
    static Duration parse(String value, String bareUnit) {
        Matcher matcher = VALUE.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a PostgreSQL duration: '" + value + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) != null ? matcher.group(2) : bareUnit;
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "min" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /** Describes the facts for a report, naming how they were read. */
    String describe() {
        return "idle_session_timeout " + (idleSessionTimeout.isZero() ? "0 (off)" : Durations.format(idleSessionTimeout))
                + ", tcp_keepalives_idle " + (tcpKeepalivesIdle.isZero() ? "0 (the OS default)"
                : Durations.format(tcpKeepalivesIdle))
                + ", max_connections " + maxConnections
                + " (read from the server with SHOW idle_session_timeout, SHOW tcp_keepalives_idle, SHOW max_connections)";
    }

    private static String show(Connection connection, String name) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SHOW " + name)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
