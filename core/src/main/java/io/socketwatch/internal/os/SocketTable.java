package io.socketwatch.internal.os;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A full read of the OS socket table at one moment. Immutable. */
public record SocketTable(TableSource source, Instant readAt, List<SocketEntry> entries) {

    public SocketTable {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(readAt, "readAt");
        entries = List.copyOf(entries);
    }
}
