package io.socketwatch.internal.os;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns the addresses {@code netstat} prints into socket addresses, never through a name look-up: only IPv4 dotted
 * quads and IPv6 literals are accepted. A zone id ({@code %lo0}, {@code %9}) is dropped, as socket addresses compare
 * without it.
 */
final class NetstatAddresses {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern PORT = Pattern.compile("\\d{1,5}");

    private NetstatAddresses() {
    }

    /**
     * Reads {@code host} ({@code *} for the wildcard of {@code ipv6}'s family) and {@code port} ({@code *} for 0).
     *
     * @return empty if the host is no IPv4 or IPv6 literal (e.g. one netstat cut short) or the port no number
     */
    static Optional<InetSocketAddress> endpoint(String host, String port, boolean ipv6) {
        int portNumber;
        if (port.equals("*")) {
            portNumber = 0;
        } else if (PORT.matcher(port).matches() && Integer.parseInt(port) <= 65_535) {
            portNumber = Integer.parseInt(port);
        } else {
            return Optional.empty();
        }
        return address(host, ipv6).map(address -> new InetSocketAddress(address, portNumber));
    }

    private static Optional<InetAddress> address(String host, boolean ipv6) {
        if (host.equals("*")) {
            host = ipv6 ? "::" : "0.0.0.0";
        }
        int zone = host.indexOf('%');
        String literal = zone < 0 ? host : host.substring(0, zone);
        var quad = IPV4.matcher(literal);
        try {
            if (quad.matches()) {
                byte[] bytes = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(quad.group(i + 1));
                    if (octet > 255) {
                        return Optional.empty();
                    }
                    bytes[i] = (byte) octet;
                }
                return Optional.of(Inet4Address.getByAddress(bytes));
            }
            if (literal.indexOf(':') >= 0 && IPV6.matcher(literal).matches()) {
                // in brackets the JDK parses an IPv6 literal or fails, never asking a name service
                return Optional.of(InetAddress.getByName("[" + literal + "]"));
            }
        } catch (UnknownHostException notALiteral) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
