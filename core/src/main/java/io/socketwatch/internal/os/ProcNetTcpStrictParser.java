package io.socketwatch.internal.os;

import io.socketwatch.internal.net.CanonicalAddresses;
import io.socketwatch.model.TcpState;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses the text of {@code /proc/net/tcp} or {@code /proc/net/tcp6}, strictly: any malformed row is an error. Addresses are hex, each 32-bit word in the
 * host's (little-endian) byte order; ports are big-endian hex. Timers are in clock ticks (USER_HZ, 100 a second).
 */
final class ProcNetTcpStrictParser {

    private static final long TICK_MILLIS = 10;

    private ProcNetTcpStrictParser() {
    }

    /**
     * Parses every row of {@code text}, read from {@code source}.
     *
     * @throws SocketTableException naming the source, the line number and the line when a row is malformed
     */
    static List<SocketEntry> parse(String text, String source) {
        return parse(text.getBytes(StandardCharsets.US_ASCII), source);
    }

    /**
     * Parses every row of {@code text}, ASCII read from {@code source}: well-formed rows through a
     * {@link ProcNetTcpFastScanner}, any other through the strict parser, which names the fault.
     *
     * @throws SocketTableException naming the source, the line number and the line when a row is malformed
     */
    static List<SocketEntry> parse(byte[] text, String source) {
        int headerEnd = lineEnd(text, 0);
        String header = new String(text, 0, headerEnd, StandardCharsets.US_ASCII);
        if (!header.trim().startsWith("sl")) {
            throw new SocketTableException(source + ": line 1: expected the header starting with 'sl', got '" + header
                    + "'");
        }
        List<SocketEntry> entries = new ArrayList<>(text.length / 150);
        ProcNetTcpFastScanner rows = new ProcNetTcpFastScanner(text);
        int lineNumber = 1;
        for (int start = headerEnd + 1; start < text.length; start = lineEnd(text, start) + 1) {
            lineNumber++;
            int end = lineEnd(text, start);
            SocketEntry entry = rows.read(start, end);
            if (entry == null) {
                String line = new String(text, start, end - start, StandardCharsets.US_ASCII);
                if (line.isBlank()) {
                    continue;
                }
                try {
                    entry = parseRow(line);
                } catch (RuntimeException e) {
                    throw new SocketTableException(source + ": line " + lineNumber + ": " + e.getMessage() + ": '"
                            + line.trim() + "'", e);
                }
            }
            entries.add(entry);
        }
        return entries;
    }

    private static int lineEnd(byte[] text, int from) {
        int at = from;
        while (at < text.length && text[at] != '\n') {
            at++;
        }
        return at;
    }

    /** Parses one row strictly, from its text; throws {@link RuntimeException}s whose messages name the fault. */
    static SocketEntry parseRow(String line) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 10) {
            throw new IllegalArgumentException("truncated row (" + f.length + " fields, expected at least 10)");
        }
        InetSocketAddress local = endpoint(f[1]);
        InetSocketAddress remote = endpoint(f[2]);
        TcpState state = TcpState.ofCode(Integer.parseInt(f[3], 16));
        String[] timer = f[5].split(":");
        if (timer.length != 2) {
            throw new IllegalArgumentException("malformed timer field '" + f[5] + "'");
        }
        int timerKind = Integer.parseInt(timer[0], 16);
        long ticks = Long.parseLong(timer[1], 16);
        Optional<Duration> remaining = timerKind == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(ticks * TICK_MILLIS));
        int uid = Integer.parseInt(f[7]);
        long inode = Long.parseLong(f[9]);
        return new SocketEntry(state, new FourTuple(local, remote), inode, uid, remaining);
    }

    private static InetSocketAddress endpoint(String field) {
        int colon = field.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("malformed address '" + field + "'");
        }
        String hex = field.substring(0, colon);
        if (hex.length() != 8 && hex.length() != 32) {
            throw new IllegalArgumentException("malformed address '" + field + "'");
        }
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            long value = Long.parseLong(hex.substring(word * 8, word * 8 + 8), 16);
            for (int b = 0; b < 4; b++) {
                bytes[word * 4 + b] = (byte) (value >>> (8 * b));
            }
        }
        int port = Integer.parseInt(field.substring(colon + 1), 16);
        try {
            return new InetSocketAddress(CanonicalAddresses.canonical(InetAddress.getByAddress(bytes)), port);
        } catch (UnknownHostException impossible) {
            throw new AssertionError(impossible);
        }
    }
}
