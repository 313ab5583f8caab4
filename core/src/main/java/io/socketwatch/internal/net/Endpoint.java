package io.socketwatch.internal.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A host and port a user names in a check: matches a socket address when the address is any of the host's
 * addresses ({@code localhost} is both 127.0.0.1 and ::1).
 */
public record Endpoint(String host, int port, Set<InetAddress> addresses) {

    public Endpoint {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        addresses = Set.copyOf(addresses);
    }

    /**
     * Resolves {@code host}.
     *
     * @throws IllegalArgumentException if the host cannot be resolved
     */
    public static Endpoint resolve(String host, int port) {
        try {
            return new Endpoint(host, port, Arrays.stream(InetAddress.getAllByName(host))
                    .map(CanonicalAddresses::canonical)
                    .collect(Collectors.toSet()));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve host '" + host + "': " + e.getMessage(), e);
        }
    }

    /** Returns whether {@code address} is this endpoint. */
    public boolean matches(InetSocketAddress address) {
        return address.getPort() == port && addresses.contains(CanonicalAddresses.canonical(address.getAddress()));
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
