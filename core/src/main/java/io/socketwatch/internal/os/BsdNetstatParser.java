package io.socketwatch.internal.os;

import io.socketwatch.model.TcpState;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses the output of BSD {@code netstat -an} (macOS, FreeBSD), with or without {@code -p tcp}, {@code -W} or the
 * {@code -A} PCB columns: rows {@code tcp4}, {@code tcp6} and {@code tcp46} (dual-stack) of the "Active Internet
 * connections" section, addresses with the port after the last dot ({@code 127.0.0.1.8080}, {@code *.22},
 * {@code fe80::1%lo0.49152}). UDP rows and the other sections (UNIX sockets, kernel controls) are skipped. The column
 * holding {@code Proto} is found from the header, then every row is split on whitespace.
 *
 * <p>Pure: text in, rows out. Rows whose IPv6 address netstat cut short are listed, not guessed
 * ({@link NetstatRows#cutShort()}); any other row that makes no sense throws.
 */
final class BsdNetstatParser {

    private static final Map<String, TcpState> STATES = Map.ofEntries(
            Map.entry("CLOSED", TcpState.CLOSE),
            Map.entry("LISTEN", TcpState.LISTEN),
            Map.entry("SYN_SENT", TcpState.SYN_SENT),
            Map.entry("SYN_RCVD", TcpState.SYN_RECV),
            Map.entry("ESTABLISHED", TcpState.ESTABLISHED),
            Map.entry("CLOSE_WAIT", TcpState.CLOSE_WAIT),
            Map.entry("FIN_WAIT_1", TcpState.FIN_WAIT1),
            Map.entry("CLOSING", TcpState.CLOSING),
            Map.entry("LAST_ACK", TcpState.LAST_ACK),
            Map.entry("FIN_WAIT_2", TcpState.FIN_WAIT2),
            Map.entry("TIME_WAIT", TcpState.TIME_WAIT));

    private BsdNetstatParser() {
    }

    /**
     * Reads the TCP rows of {@code text}.
     *
     * @param source named in errors, e.g. the command
     * @throws SocketTableException naming the line of a TCP row before any header, with the wrong number of columns,
     *                              an unknown protocol or state, or an address that is no IPv4 or IPv6 literal
     */
    static NetstatRows parse(String text, String source) {
        String[] lines = NetstatLines.lines(text);
        List<SocketEntry> entries = new ArrayList<>();
        List<String> cutShort = new ArrayList<>();
        boolean internet = true;
        int protoColumn = -1;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String[] tokens = NetstatLines.tokens(line);
            if (tokens.length == 0) {
                continue;
            }
            if (line.startsWith("Active ")) {
                internet = line.startsWith("Active Internet");
                protoColumn = -1;
                continue;
            }
            if (!internet) {
                continue;
            }
            if (protoColumn < 0) {
                protoColumn = Arrays.asList(tokens).indexOf("Proto");
                if (protoColumn < 0) {
                    throw NetstatLines.malformed(source, i + 1, line, "expected the header naming 'Proto'");
                }
                continue;
            }
            if (tokens.length <= protoColumn || !tokens[protoColumn].startsWith("tcp")) {
                continue; // udp4, udp6, icm6, ...
            }
            Optional<SocketEntry> row = row(tokens, protoColumn, source, i + 1, line);
            if (row.isPresent()) {
                entries.add(row.get());
            } else {
                cutShort.add("line " + (i + 1) + ": '" + line.strip() + "'");
            }
        }
        return new NetstatRows(entries, cutShort);
    }

    /** Returns the row, or empty if an IPv6 address was cut short. */
    private static Optional<SocketEntry> row(String[] tokens, int protoColumn, String source, int number,
                                             String line) {
        if (tokens.length != protoColumn + 6) {
            throw NetstatLines.malformed(source, number, line, "expected " + (protoColumn + 6)
                    + " columns (Proto, Recv-Q, Send-Q, Local Address, Foreign Address, state), got " + tokens.length);
        }
        String proto = tokens[protoColumn];
        boolean ipv6;
        switch (proto) {
            case "tcp4" -> ipv6 = false;
            case "tcp6", "tcp46" -> ipv6 = true;
            default -> throw NetstatLines.malformed(source, number, line, "unknown protocol '" + proto
                    + "' (expected tcp4, tcp6 or tcp46)");
        }
        TcpState state = STATES.get(tokens[protoColumn + 5]);
        if (state == null) {
            throw NetstatLines.malformed(source, number, line, "unknown TCP state '" + tokens[protoColumn + 5] + "'");
        }
        Optional<InetSocketAddress> local = endpoint(tokens[protoColumn + 3], ipv6, source, number, line);
        Optional<InetSocketAddress> remote = endpoint(tokens[protoColumn + 4], ipv6, source, number, line);
        if (local.isEmpty() || remote.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(NetstatLines.entry(state, local.get(), remote.get()));
    }

    /** Returns the address, empty if it is an IPv6 address cut short; throws for any other unreadable one. */
    private static Optional<InetSocketAddress> endpoint(String text, boolean ipv6, String source, int number,
                                                        String line) {
        int dot = text.lastIndexOf('.');
        Optional<InetSocketAddress> endpoint = dot < 0 ? Optional.empty()
                : NetstatAddresses.endpoint(text.substring(0, dot), text.substring(dot + 1), ipv6);
        if (endpoint.isEmpty() && !(ipv6 && text.indexOf(':') >= 0)) {
            throw NetstatLines.malformed(source, number, line, "cannot read the address '" + text
                    + "' (expected host.port, e.g. 127.0.0.1.8080 or *.22)");
        }
        return endpoint;
    }
}
