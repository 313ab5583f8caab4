package io.socketwatch.internal.os;

import io.socketwatch.model.TcpState;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the output of Windows {@code netstat -an}, with or without {@code -p TCP}, {@code -o} (PID column) and
 * {@code -b} (continuation lines naming the program): rows starting with {@code TCP}, addresses with the port after
 * the last colon, IPv6 in brackets ({@code [::1]:49670}, {@code [fe80::1%9]:1900}), CRLF line ends, headers and
 * states in any language {@link WindowsTcpStates} knows. Every other line (headers, UDP rows, {@code -b} lines) is
 * skipped; rows are split on whitespace, never by column.
 *
 * <p>Pure: text in, rows out ({@link NetstatRows#cutShort()} is always empty: Windows prints addresses whole).
 */
final class WindowsNetstatParser {

    private WindowsNetstatParser() {
    }

    /**
     * Reads the TCP rows of {@code text}.
     *
     * @param source named in errors, e.g. the command
     * @throws SocketTableException naming the line of a TCP row with the wrong number of columns, a state not in
     *                              {@link WindowsTcpStates}, or an address that is no IPv4 or IPv6 literal
     */
    static NetstatRows parse(String text, String source) {
        String[] lines = NetstatLines.lines(text);
        List<SocketEntry> entries = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String[] tokens = NetstatLines.tokens(lines[i]);
            if (tokens.length > 0 && tokens[0].equalsIgnoreCase("TCP")) {
                entries.add(row(tokens, source, i + 1, lines[i]));
            }
        }
        return new NetstatRows(entries, List.of());
    }

    private static SocketEntry row(String[] tokens, String source, int number, String line) {
        if (tokens.length != 4 && !(tokens.length == 5 && tokens[4].chars().allMatch(Character::isDigit))) {
            throw NetstatLines.malformed(source, number, line, "expected Proto, Local Address, Foreign Address, "
                    + "State and an optional PID, got " + tokens.length + " columns");
        }
        TcpState state = WindowsTcpStates.of(tokens[3]).orElseThrow(() -> NetstatLines.malformed(source, number,
                line, "unknown TCP state '" + tokens[3] + "' (add its translation to WindowsTcpStates)"));
        return NetstatLines.entry(state, endpoint(tokens[1], source, number, line),
                endpoint(tokens[2], source, number, line));
    }

    private static InetSocketAddress endpoint(String text, String source, int number, String line) {
        boolean bracketed = text.startsWith("[");
        int colon = bracketed ? text.lastIndexOf("]:") : text.lastIndexOf(':');
        if (colon > 0 && (bracketed || colon == text.indexOf(':'))) { // unbracketed, one colon: IPv4
            String host = bracketed ? text.substring(1, colon) : text.substring(0, colon);
            String port = text.substring(colon + (bracketed ? 2 : 1));
            var endpoint = NetstatAddresses.endpoint(host, port, bracketed);
            if (endpoint.isPresent()) {
                return endpoint.get();
            }
        }
        throw NetstatLines.malformed(source, number, line, "cannot read the address '" + text
                + "' (expected host:port, e.g. 127.0.0.1:8080 or [::1]:8080)");
    }
}
