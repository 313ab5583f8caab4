package io.socketwatch.internal.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Canonical socket addresses: an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) becomes the IPv4 address. */
public final class CanonicalAddresses {

    private CanonicalAddresses() {
    }

    /** Returns {@code address} with an IPv4-mapped IPv6 address replaced by its IPv4 address. */
    public static InetAddress canonical(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress();
            if (isIpv4Mapped(bytes)) {
                try {
                    return Inet4Address.getByAddress(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]});
                } catch (UnknownHostException impossible) {
                    throw new AssertionError(impossible);
                }
            }
        }
        return address;
    }

    /** Returns {@code endpoint} unresolved-free, with its address made {@link #canonical(InetAddress) canonical}. */
    public static InetSocketAddress canonical(InetSocketAddress endpoint) {
        if (endpoint.isUnresolved()) {
            throw new IllegalArgumentException("unresolved endpoint: " + endpoint);
        }
        InetAddress address = canonical(endpoint.getAddress());
        return address == endpoint.getAddress() ? endpoint : new InetSocketAddress(address, endpoint.getPort());
    }

    /** Returns {@code host:port}, with IPv6 addresses in brackets. */
    public static String format(InetSocketAddress endpoint) {
        InetAddress address = endpoint.getAddress();
        String host = address == null ? endpoint.getHostString() : address.getHostAddress();
        return (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + endpoint.getPort();
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        if (bytes.length != 16 || bytes[10] != (byte) 0xff || bytes[11] != (byte) 0xff) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
