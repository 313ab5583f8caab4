package io.socketwatch.internal.os;

import java.util.Objects;

/**
 * Where a socket table came from and what that source cannot see.
 *
 * @param name      e.g. {@code /proc/net/tcp + /proc/net/tcp6}, {@code netlink SOCK_DIAG}, {@code netstat -an (macOS)}
 * @param blindSpot what the source cannot show, one sentence; empty when it shows everything socketwatch uses
 */
public record TableSource(String name, String blindSpot) {

    public TableSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(blindSpot, "blindSpot");
    }
}
