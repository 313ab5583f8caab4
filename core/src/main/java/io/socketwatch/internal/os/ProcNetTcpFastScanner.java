package io.socketwatch.internal.os;

import io.socketwatch.internal.net.CanonicalAddresses;
import io.socketwatch.model.TcpState;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads well-formed {@code /proc/net/tcp{,6}} rows straight from the file's bytes: no line or field strings, no
 * regular expressions, an IPv4-mapped address read as IPv4 at once. It names no faults: for any row it does not
 * recognise it answers {@code null}, and {@link ProcNetTcpStrictParser}'s strict parser reads the row again to say what is
 * wrong. Not thread-safe; one instance per file.
 */
final class ProcNetTcpFastScanner {

    private static final long TICK_MILLIS = 10;

    private final byte[] text;
    private int pos;
    private int end;
    private boolean malformed;

    ProcNetTcpFastScanner(byte[] text) {
        this.text = text;
    }

    /**
     * Reads the row in {@code text[from, to)} (no line break): fields {@code sl}, local and remote address, state,
     * queues, timer, retransmits, uid, timeout, inode, and any more, which it ignores.
     *
     * @return the row, or {@code null} if it is not a well-formed row
     */
    SocketEntry read(int from, int to) {
        pos = from;
        end = to;
        malformed = false;
        skipField(); // sl
        InetSocketAddress local = endpoint();
        InetSocketAddress remote = endpoint();
        int stateCode = (int) hex(' ', 2);
        skipField(); // tx_queue:rx_queue
        int timerKind = (int) hex(':', 2);
        expect(':');
        long ticks = hex(' ', 16);
        skipField(); // retrnsmt
        long uid = decimal(10);
        skipField(); // timeout
        long inode = decimal(18);
        if (malformed || uid > Integer.MAX_VALUE) {
            return null;
        }
        TcpState state;
        try {
            state = TcpState.ofCode(stateCode);
        } catch (IllegalArgumentException unknown) {
            return null;
        }
        Optional<Duration> timer = timerKind == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(ticks * TICK_MILLIS));
        return new SocketEntry(state, new FourTuple(local, remote), inode, (int) uid, timer);
    }

    /** Reads {@code hex:port}: 8 or 32 hex digits, each 8 a 32-bit word in little-endian order. */
    private InetSocketAddress endpoint() {
        skipSpaces();
        int start = pos;
        while (pos < end && text[pos] != ':') {
            pos++;
        }
        int digits = pos - start;
        if (digits != 8 && digits != 32) {
            malformed = true;
            return null;
        }
        byte[] bytes = new byte[digits / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            long value = hexDigits(start + word * 8, 8);
            for (int b = 0; b < 4; b++) {
                bytes[word * 4 + b] = (byte) (value >>> (8 * b));
            }
        }
        expect(':');
        int port = (int) hex(' ', 4);
        if (malformed) {
            return null;
        }
        return new InetSocketAddress(address(bytes), port);
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return CanonicalAddresses.canonical(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException impossible) {
            throw new AssertionError(impossible);
        }
    }

    /** Reads hex digits up to {@code terminator}, the end of the row or a space; at least 1, at most {@code max}. */
    private long hex(char terminator, int max) {
        skipSpaces();
        int start = pos;
        while (pos < end && text[pos] != terminator && text[pos] != ' ') {
            pos++;
        }
        if (pos - start < 1 || pos - start > max) {
            malformed = true;
            return 0;
        }
        return hexDigits(start, pos - start);
    }

    private long hexDigits(int start, int count) {
        long value = 0;
        for (int i = start; i < start + count; i++) {
            int digit = Character.digit(text[i], 16);
            if (digit < 0) {
                malformed = true;
                return 0;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    /** Reads a field of 1 to {@code max} decimal digits. */
    private long decimal(int max) {
        skipSpaces();
        int start = pos;
        long value = 0;
        while (pos < end && text[pos] != ' ') {
            int digit = text[pos] - '0';
            if (digit < 0 || digit > 9) {
                malformed = true;
                return 0;
            }
            value = value * 10 + digit;
            pos++;
        }
        if (pos - start < 1 || pos - start > max) {
            malformed = true;
        }
        return value;
    }

    private void expect(char separator) {
        if (pos < end && text[pos] == separator) {
            pos++;
        } else {
            malformed = true;
        }
    }

    private void skipField() {
        skipSpaces();
        if (pos == end) {
            malformed = true;
        }
        while (pos < end && text[pos] != ' ') {
            pos++;
        }
    }

    private void skipSpaces() {
        while (pos < end && text[pos] == ' ') {
            pos++;
        }
    }
}
