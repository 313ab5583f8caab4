package io.socketwatch.internal.os;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Reads the socket table by running {@code netstat} once per {@link #scan()} (macOS and FreeBSD:
 * {@code netstat -an -W -p tcp}; Windows: {@code netstat -an}, as {@code -p TCP} there leaves out IPv6, which
 * {@code -p TCPv6} would take a second run for) and parsing its output. A {@link #lookup} is a
 * full scan too, so callers with many tuples scan once and match them all.
 *
 * <p>Limits: netstat tells no inode, owner or timer, so no row has an owner; it shows the whole host; a run costs a
 * process start (tens of milliseconds). The output is decoded byte for byte (ISO-8859-1): addresses and the English
 * and German states are ASCII but for {@code ABHÖREN}, which {@link WindowsTcpStates} matches in any code page, so the
 * Windows console's OEM code page needs no guessing.
 */
public final class NetstatReader implements SocketTableReader {

    /** How long one netstat run may take before it is stopped and the scan fails. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final TableSource source;
    private final List<String> command;
    private final BiFunction<String, String, NetstatRows> parser;
    private final CommandRunner runner;

    NetstatReader(TableSource source, List<String> command, BiFunction<String, String, NetstatRows> parser,
                  CommandRunner runner) {
        this.source = source;
        this.command = List.copyOf(command);
        this.parser = parser;
        this.runner = runner;
    }

    /**
     * Returns the netstat reader for {@code osName} (the {@code os.name} property): BSD netstat on macOS and FreeBSD,
     * Windows netstat on Windows, empty on any other system.
     */
    public static Optional<NetstatReader> forOs(String osName) {
        return forOs(osName, List.of("netstat"), new CommandRunner(TIMEOUT));
    }

    /** Like {@link #forOs(String)}, running {@code netstat} (the program and any leading arguments) with {@code runner}. */
    static Optional<NetstatReader> forOs(String osName, List<String> netstat, CommandRunner runner) {
        PlatformTcpFacts platform = PlatformTcpFacts.forOs(osName);
        if (platform.equals(PlatformTcpFacts.MACOS) || platform.equals(PlatformTcpFacts.FREEBSD)) {
            List<String> command = concat(netstat, "-an", "-W", "-p", "tcp");
            return Optional.of(new NetstatReader(new TableSource(String.join(" ", command) + " (" + osName + ")",
                    "socket owners and timers; and TIME_WAIT, on macOS releases that leave it out of netstat"),
                    command, BsdNetstatParser::parse, runner));
        }
        if (platform.equals(PlatformTcpFacts.WINDOWS)) {
            List<String> command = concat(netstat, "-an"); // the UDP rows that come too are skipped
            return Optional.of(new NetstatReader(new TableSource(String.join(" ", command) + " (" + osName + ")",
                    "socket owners and timers"), command, WindowsNetstatParser::parse, runner));
        }
        return Optional.empty();
    }

    private static List<String> concat(List<String> program, String... arguments) {
        List<String> command = new ArrayList<>(program);
        command.addAll(List.of(arguments));
        return command;
    }

    @Override
    public TableSource source() {
        return source;
    }

    /**
     * Runs netstat once and returns its TCP rows. Rows whose address netstat cut short are left out, and the table's
     * source then says how many.
     *
     * @throws SocketTableException if netstat is missing, fails, takes longer than {@link #TIMEOUT}, or prints a row
     *                              that makes no sense
     */
    @Override
    public SocketTable scan() {
        Instant readAt = Instant.now();
        String name = String.join(" ", command);
        NetstatRows rows = parser.apply(new String(runner.run(command), StandardCharsets.ISO_8859_1), name);
        int cut = rows.cutShort().size();
        TableSource read = cut == 0 ? source : new TableSource(source.name(), source.blindSpot() + "; " + cut
                + (cut == 1 ? " row" : " rows") + " whose address netstat cut short, first " + rows.cutShort().get(0));
        return new SocketTable(read, readAt, rows.entries());
    }

    @Override
    public Optional<SocketEntry> lookup(FourTuple tuple) {
        return scan().entries().stream().filter(entry -> entry.tuple().equals(tuple)).findFirst();
    }
}
