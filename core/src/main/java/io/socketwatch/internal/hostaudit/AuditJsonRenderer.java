package io.socketwatch.internal.hostaudit;

import io.socketwatch.internal.net.CanonicalAddresses;
import io.socketwatch.model.TcpState;
import java.util.Locale;
import java.util.StringJoiner;

/** Renders an {@link AuditReport} as one JSON object for machines. */
final class AuditJsonRenderer {

    private AuditJsonRenderer() {
    }

    static String render(AuditReport report) {
        StringJoiner settings = new StringJoiner(",", "[", "]");
        for (ObservedValue setting : report.sysctls()) {
            settings.add(setting(setting));
        }
        StringJoiner states = new StringJoiner(",", "{", "}");
        for (TcpState state : TcpState.values()) {
            Integer count = report.byState().get(state);
            if (count != null) {
                states.add(string(state.name()) + ":" + count);
            }
        }
        StringJoiner hotspots = new StringJoiner(",", "[", "]");
        for (AuditReport.Hotspot hotspot : report.hotspots()) {
            String share = report.ephemeralPorts().isPresent()
                    ? String.format(Locale.ROOT, "%.4f", report.share(hotspot)) : "null";
            hotspots.add("{\"remote\":" + string(CanonicalAddresses.format(hotspot.remote())) + ",\"timeWait\":"
                    + hotspot.timeWait() + ",\"shareOfEphemeralPorts\":" + share + "}");
        }
        return "{\"kernelRelease\":" + setting(report.kernelRelease())
                + ",\"distribution\":" + setting(report.distribution())
                + ",\"socketTable\":{\"source\":" + string(report.source().name())
                + ",\"cannotSee\":" + string(report.source().blindSpot()) + "}"
                + ",\"timeWaitSeconds\":" + AuditReport.TIME_WAIT.toSeconds()
                + ",\"sysctls\":" + settings
                + ",\"ephemeralPorts\":" + (report.ephemeralPorts().isPresent() ? report.ephemeralPorts().getAsInt() : "null")
                + ",\"sustainableNewConnectionsPerSecondPerEndpoint\":"
                + (report.ephemeralPorts().isPresent() ? report.sustainableRate() : "null")
                + ",\"sockets\":" + report.sockets()
                + ",\"byState\":" + states
                + ",\"timeWaitHotspots\":" + hotspots + "}\n";
    }

    private static String setting(ObservedValue setting) {
        return "{\"name\":" + string(setting.name()) + ",\"value\":" + (setting.isKnown() ? string(setting.value()) : "null")
                + (setting.isKnown() ? "" : ",\"unknownBecause\":" + string(setting.reason())) + "}";
    }

    static String string(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
