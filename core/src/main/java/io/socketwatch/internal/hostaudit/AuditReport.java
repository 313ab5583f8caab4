package io.socketwatch.internal.hostaudit;

import io.socketwatch.internal.os.SocketEntry;
import io.socketwatch.internal.os.SocketTable;
import io.socketwatch.internal.os.TableSource;
import io.socketwatch.model.TcpState;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * What {@code socketwatch audit} found: host facts, TCP settings, sockets by state and the TIME_WAIT hot spots.
 * Computed once; rendered as text or JSON.
 */
record AuditReport(
        ObservedValue kernelRelease,
        ObservedValue distribution,
        List<ObservedValue> sysctls,
        TableSource source,
        int sockets,
        Map<TcpState, Integer> byState,
        List<Hotspot> hotspots,
        OptionalInt ephemeralPorts) {

    /** TIME_WAIT on Linux: 2 MSL, {@code TCP_TIMEWAIT_LEN} in the kernel, not tunable. */
    static final Duration TIME_WAIT = Duration.ofSeconds(60);

    /** How many hot spots the report lists. */
    static final int HOTSPOTS = 5;

    /**
     * A remote endpoint with many TIME_WAIT sockets on this host.
     *
     * @param remote   the endpoint
     * @param timeWait how many TIME_WAIT sockets lead to it
     */
    record Hotspot(InetSocketAddress remote, int timeWait) {
    }

    AuditReport {
        sysctls = List.copyOf(sysctls);
        byState = Map.copyOf(byState);
        hotspots = List.copyOf(hotspots);
    }

    static AuditReport of(HostFacts host, SocketTable table) {
        List<ObservedValue> sysctls = HostFacts.SYSCTLS.stream().map(host::sysctl).toList();
        Map<TcpState, Integer> byState = new EnumMap<>(TcpState.class);
        Map<InetSocketAddress, Integer> timeWaitByRemote = new HashMap<>();
        for (SocketEntry entry : table.entries()) {
            byState.merge(entry.state(), 1, Integer::sum);
            if (entry.state() == TcpState.TIME_WAIT) {
                timeWaitByRemote.merge(entry.tuple().remote(), 1, Integer::sum);
            }
        }
        List<Hotspot> hotspots = timeWaitByRemote.entrySet().stream()
                .map(e -> new Hotspot(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingInt(Hotspot::timeWait).reversed()
                        .thenComparing(h -> h.remote().toString()))
                .limit(HOTSPOTS)
                .toList();
        return new AuditReport(host.kernelRelease(), host.distribution(), sysctls, table.source(),
                table.entries().size(), byState, hotspots, ephemeralPorts(sysctls.get(0)));
    }

    /** Returns the size of the ephemeral port range, if {@code ip_local_port_range} could be read. */
    private static OptionalInt ephemeralPorts(ObservedValue range) {
        if (!range.isKnown()) {
            return OptionalInt.empty();
        }
        String[] bounds = range.value().split(" ");
        try {
            return bounds.length == 2
                    ? OptionalInt.of(Integer.parseInt(bounds[1]) - Integer.parseInt(bounds[0]) + 1)
                    : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** Returns the share of the ephemeral range that {@code hotspot} holds, from 0 to 1. */
    double share(Hotspot hotspot) {
        return (double) hotspot.timeWait() / ephemeralPorts.orElseThrow();
    }

    /** Returns the new connections per second to one endpoint that the ephemeral range sustains. */
    long sustainableRate() {
        return ephemeralPorts.orElseThrow() / TIME_WAIT.toSeconds();
    }
}
