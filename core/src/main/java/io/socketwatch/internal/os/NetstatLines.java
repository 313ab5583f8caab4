package io.socketwatch.internal.os;

import io.socketwatch.model.TcpState;
import java.net.InetSocketAddress;
import java.util.Optional;

/** What both netstat parsers share: splitting the output into lines and rows, and building a row. */
final class NetstatLines {

    private NetstatLines() {
    }

    /** Splits {@code text} into lines, with or without CR before each LF. */
    static String[] lines(String text) {
        return text.split("\r?\n", -1);
    }

    /** Splits a line on runs of whitespace, never on column positions: translated states overflow their column. */
    static String[] tokens(String line) {
        String trimmed = line.strip();
        return trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
    }

    /** A row as netstat shows it: no inode (0), no owner (-1), no timer. */
    static SocketEntry entry(TcpState state, InetSocketAddress local, InetSocketAddress remote) {
        return new SocketEntry(state, new FourTuple(local, remote), 0, -1, Optional.empty());
    }

    /** The error for line {@code number} (1-based) of {@code source}, naming it and quoting its text. */
    static SocketTableException malformed(String source, int number, String line, String reason) {
        return new SocketTableException(source + ": line " + number + ": " + reason + ": '" + line.strip() + "'");
    }
}
