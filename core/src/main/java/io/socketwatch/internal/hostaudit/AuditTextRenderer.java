package io.socketwatch.internal.hostaudit;

import io.socketwatch.internal.net.CanonicalAddresses;
import io.socketwatch.model.TcpState;
import java.util.Locale;

/** Renders an {@link AuditReport} for people reading a terminal. */
final class AuditTextRenderer {

    private AuditTextRenderer() {
    }

    static String render(AuditReport report) {
        StringBuilder out = new StringBuilder();
        out.append("socketwatch audit\n\n");
        out.append(String.format(Locale.ROOT, "  %-30s %s%n", "kernel release", report.kernelRelease().display()));
        out.append(String.format(Locale.ROOT, "  %-30s %s%n", "distribution", report.distribution().display()));
        out.append(String.format(Locale.ROOT, "  %-30s %s%n", "socket table",
                report.source().name() + (report.source().blindSpot().isEmpty() ? ""
                        : " (cannot see: " + report.source().blindSpot() + ")")));

        out.append("\nTIME_WAIT\n");
        out.append("  lasts 60 s on Linux: 2 MSL, TCP_TIMEWAIT_LEN, fixed in the kernel and not tunable.\n");
        out.append("  net.ipv4.tcp_fin_timeout is FIN_WAIT2's timer, not TIME_WAIT's.\n");

        out.append("\nTCP settings\n");
        for (ObservedValue setting : report.sysctls()) {
            out.append(String.format(Locale.ROOT, "  %-30s %s%s%n", setting.name(), setting.display(), explain(setting, report)));
        }

        out.append(String.format(Locale.ROOT, "%nSockets by state (%d in all)%n", report.sockets()));
        if (report.byState().isEmpty()) {
            out.append("  none\n");
        }
        for (TcpState state : TcpState.values()) {
            Integer count = report.byState().get(state);
            if (count != null) {
                out.append(String.format(Locale.ROOT, "  %-12s %7d%n", state, count));
            }
        }

        out.append("\nRemote endpoints with the most TIME_WAIT sockets\n");
        if (report.hotspots().isEmpty()) {
            out.append("  none\n");
        }
        for (AuditReport.Hotspot hotspot : report.hotspots()) {
            out.append(String.format(Locale.ROOT, "  %-40s %7d TIME_WAIT", CanonicalAddresses.format(hotspot.remote()),
                    hotspot.timeWait()));
            if (report.ephemeralPorts().isPresent()) {
                out.append(String.format(Locale.ROOT, "  %5.1f%% of the ephemeral ports", 100 * report.share(hotspot)));
            }
            out.append('\n');
        }
        if (report.ephemeralPorts().isPresent()) {
            out.append(String.format(Locale.ROOT,
                    "  Each TIME_WAIT socket holds a local port for 60 s: %d ephemeral ports sustain about %d new "
                            + "connections/s to one endpoint.%n",
                    report.ephemeralPorts().getAsInt(), report.sustainableRate()));
        }
        return out.toString();
    }

    private static String explain(ObservedValue setting, AuditReport report) {
        if (!setting.isKnown()) {
            return "";
        }
        return switch (setting.name()) {
            case "net.ipv4.ip_local_port_range" -> report.ephemeralPorts().isPresent()
                    ? "  (" + report.ephemeralPorts().getAsInt() + " ephemeral ports)" : "";
            case "net.ipv4.tcp_tw_reuse" -> switch (setting.value()) {
                case "0" -> "  (off: new connections never take a TIME_WAIT port)";
                case "1" -> "  (on: new outgoing connections may take a TIME_WAIT port when timestamps allow)";
                case "2" -> "  (loopback only: as 1, for connections on loopback)";
                default -> "";
            };
            case "net.ipv4.tcp_max_tw_buckets" -> "  (beyond this many, closing sockets skip TIME_WAIT)";
            case "net.ipv4.tcp_fin_timeout" -> "  (s, FIN_WAIT2 only)";
            case "net.core.somaxconn" -> "  (cap on a listen backlog)";
            default -> "";
        };
    }
}
