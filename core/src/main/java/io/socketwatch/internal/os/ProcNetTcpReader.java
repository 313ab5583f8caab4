package io.socketwatch.internal.os;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the socket table from {@code /proc/net/tcp} and {@code /proc/net/tcp6} (Linux). A full scan costs time in
 * proportion to the whole table (every TIME_WAIT row of the host) plus a fixed floor per file, so {@link #lookup} is
 * only for rare use: per-connection look-ups belong to netlink.
 */
public final class ProcNetTcpReader implements SocketTableReader {

    private static final TableSource SOURCE = new TableSource("/proc/net/tcp + /proc/net/tcp6",
            "other network namespaces");

    private final Path tcp;
    private final Path tcp6;

    /** Reads this process's network namespace. */
    public ProcNetTcpReader() {
        this(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    }

    /** Reads the given files instead of {@code /proc/net/tcp} and {@code /proc/net/tcp6}, e.g. recorded ones. */
    public ProcNetTcpReader(Path tcp, Path tcp6) {
        this.tcp = tcp;
        this.tcp6 = tcp6;
    }

    @Override
    public TableSource source() {
        return SOURCE;
    }

    @Override
    public SocketTable scan() {
        Instant readAt = Instant.now();
        List<SocketEntry> entries = new ArrayList<>(read(tcp, true));
        entries.addAll(read(tcp6, false));
        return new SocketTable(SOURCE, readAt, entries);
    }

    @Override
    public Optional<SocketEntry> lookup(FourTuple tuple) {
        return scan().entries().stream().filter(entry -> entry.tuple().equals(tuple)).findFirst();
    }

    private static List<SocketEntry> read(Path file, boolean required) {
        byte[] text;
        try {
            text = ProcFiles.readBytes(file);
        } catch (NoSuchFileException e) {
            if (required) {
                throw new SocketTableException(file + ": no such file (is this Linux with /proc mounted?)", e);
            }
            return List.of(); // a kernel without IPv6 has no tcp6
        } catch (IOException e) {
            throw new SocketTableException(file + ": cannot read: " + e, e);
        }
        return ProcNetTcpStrictParser.parse(text, file.toString());
    }
}
