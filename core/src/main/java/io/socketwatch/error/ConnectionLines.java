package io.socketwatch.error;

import io.socketwatch.internal.net.CanonicalAddresses;
import io.socketwatch.model.ClientResource;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Formats connections for failure messages: one line each, the same layout in every message. */
final class ConnectionLines {

    /** Lines shown at most; the rest are counted. */
    static final int MAX_LINES = 10;

    private ConnectionLines() {
    }

    /**
     * Formats {@code connections}, one per line, each followed by {@code reason} of it if that is not empty.
     * Lines start with two spaces and end with a newline.
     */
    static String lines(List<TcpConnection> connections, SocketActivity activity,
                               java.util.function.Function<TcpConnection, String> reason) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < connections.size() && i < MAX_LINES; i++) {
            TcpConnection connection = connections.get(i);
            out.append("  ").append(line(connection, activity));
            String why = reason.apply(connection);
            if (!why.isEmpty()) {
                out.append("\n      ").append(why);
            }
            out.append('\n');
        }
        if (connections.size() > MAX_LINES) {
            out.append("  ... and ").append(connections.size() - MAX_LINES).append(" more\n");
        }
        return out.toString();
    }

    /**
     * Formats client-level resources, one per line: {@code kind  target  not released  age  obtained at site}, then
     * what it means that it was not released.
     */
    static String resourceLines(List<ClientResource> resources, SocketActivity activity) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < resources.size() && i < MAX_LINES; i++) {
            ClientResource resource = resources.get(i);
            out.append("  ").append(resource.kind().displayName()).append("  ").append(resource.target())
                    .append("  not released  age ").append(age(resource.age(activity.takenAt())))
                    .append("  obtained at ").append(resource.site())
                    .append("\n      ").append(resource.kind().whenUnreleased()).append('\n');
        }
        if (resources.size() > MAX_LINES) {
            out.append("  ... and ").append(resources.size() - MAX_LINES).append(" more\n");
        }
        return out.toString();
    }

    /**
     * One connection: {@code local -> remote  side  state  age  exchanges  who closed first  opened at site}; for a
     * socket socketwatch does not instrument, whose age and exchanges it does not know, {@code local -> remote  side
     * state  who closed first  opened by ...}.
     */
    static String line(TcpConnection connection, SocketActivity activity) {
        String ends = CanonicalAddresses.format(connection.local()) + " -> " + CanonicalAddresses.format(connection.remote())
                + "  " + connection.side().name().toLowerCase(Locale.ROOT)
                + "  " + connection.state();
        if (connection.origin() == TcpConnection.Origin.UNTRACKED) {
            return ends + "  " + ending(connection)
                    + "  opened by code socketwatch does not instrument"
                    + " (a native transport such as Netty's epoll or io_uring)";
        }
        return ends
                + "  age " + age(connection.age(activity.takenAt()))
                + "  " + exchanges(connection.exchanges())
                + "  " + ending(connection)
                + "  opened at " + connection.openingSite();
    }

    /**
     * Explains extra connections by {@code unreleased}, the client resources the application never released: from
     * {@code , because} to the fix, each line ending with a newline.
     */
    static String keptOutOfThePool(List<ClientResource> unreleased, List<TcpConnection> connections,
                                   SocketActivity activity) {
        return ", because the application never released " + unreleased.size() + " of what the client handed it, "
                + "which keeps " + (unreleased.size() == 1 ? "its connection" : "their connections")
                + " out of the pool:\n"
                + resourceLines(unreleased, activity)
                + "So later requests opened connections of their own:\n"
                + lines(connections, activity, ConnectionLines::fate)
                + "Fix: close each response (try-with-resources, or read its body to the end) and each connection "
                + "you borrow, so that it returns to the pool for the next request.\n";
    }

    /**
     * Says how a client connection's use ended, for the line under it: who closed it after how many exchanges and
     * what that suggests, or that it is still open.
     */
    static String fate(TcpConnection connection) {
        if (connection.collectedWithoutClose()) {
            return "dropped without close after " + exchanges(connection.exchanges());
        }
        return switch (connection.closedFirst()) {
            case THIS_JVM -> "closed by this JVM after " + exchanges(connection.exchanges())
                    + ": the client does not pool connections, or sends or receives Connection: close";
            case PEER -> "closed by the peer after " + exchanges(connection.exchanges())
                    + ": the server's keep-alive is off or shorter than the client's idle time";
            case NEITHER -> "still open after " + exchanges(connection.exchanges());
        };
    }

    /** Returns where the client that opened {@code connection} was built, or {@code ""} if that is not known. */
    static String builtAt(TcpConnection connection) {
        return connection.builtClient()
                .map(client -> "its " + client.type() + " was built at " + client.site())
                .orElse("");
    }

    /** The fix for a client built per call. */
    static String shareOneClient() {
        return "Fix: build one client and share it (a field or a singleton, not a local variable), so that its pool "
                + "reuses the idle connection for the next call.\n";
    }

    /** Returns {@code 1 exchange} or {@code N exchanges}. */
    static String exchanges(long count) {
        return count + (count == 1 ? " exchange" : " exchanges");
    }

    /** Returns {@code N connection} or {@code N connections}. */
    static String connections(long count) {
        return count + (count == 1 ? " connection" : " connections");
    }

    /** Appends the activity's notes, which say what limits the verdict. */
    static String notes(SocketActivity activity) {
        StringBuilder out = new StringBuilder();
        for (String note : activity.notes()) {
            out.append("Note: ").append(note).append('\n');
        }
        return out.toString();
    }

    private static String ending(TcpConnection connection) {
        if (connection.collectedWithoutClose()) {
            return "dropped without close";
        }
        return switch (connection.closedFirst()) {
            case THIS_JVM -> "closed first by this JVM";
            case PEER -> connection.isClosed() ? "closed first by the peer" : "closed by the peer only";
            // the OS saw the peer's FIN even when the application never read up to it
            case NEITHER -> connection.state() == io.socketwatch.model.TcpState.CLOSE_WAIT ? "closed by the peer only" : "open";
        };
    }

    static String age(Duration age) {
        long millis = age.toMillis();
        if (millis < 1) {
            return "<1 ms";
        }
        if (millis < 1000) {
            return millis + " ms";
        }
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
