package io.socketwatch.internal.os;

import io.socketwatch.model.TcpState;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Windows {@code netstat} state names, which Windows translates into the system language. To support a language, add
 * its names to {@link #NAMES}. Names are compared with every run of non-ASCII characters folded to one {@code ?}
 * ({@code ABHÖREN} is {@code ABH?REN}), so the console's code page (cp850, cp437, 65001) cannot make a state unknown.
 */
final class WindowsTcpStates {

    /** English names, then German ones (as documented in the fixtures' SOURCES.md; extend with care). */
    private static final Map<String, TcpState> NAMES = Map.ofEntries(
            Map.entry("CLOSED", TcpState.CLOSE),
            Map.entry("LISTENING", TcpState.LISTEN),
            Map.entry("SYN_SENT", TcpState.SYN_SENT),
            Map.entry("SYN_RECEIVED", TcpState.SYN_RECV),
            Map.entry("ESTABLISHED", TcpState.ESTABLISHED),
            Map.entry("FIN_WAIT_1", TcpState.FIN_WAIT1),
            Map.entry("FIN_WAIT_2", TcpState.FIN_WAIT2),
            Map.entry("CLOSE_WAIT", TcpState.CLOSE_WAIT),
            Map.entry("CLOSING", TcpState.CLOSING),
            Map.entry("LAST_ACK", TcpState.LAST_ACK),
            Map.entry("TIME_WAIT", TcpState.TIME_WAIT),
            Map.entry(fold("ABHÖREN"), TcpState.LISTEN),
            Map.entry("HERGESTELLT", TcpState.ESTABLISHED),
            Map.entry("WARTEND", TcpState.TIME_WAIT),
            Map.entry("SCHLIESSEN_WARTEN", TcpState.CLOSE_WAIT),
            Map.entry("FIN_WARTEN_2", TcpState.FIN_WAIT2));

    private WindowsTcpStates() {
    }

    /** Returns the state {@code name} stands for, or empty for a name not in the table. */
    static Optional<TcpState> of(String name) {
        return Optional.ofNullable(NAMES.get(fold(name)));
    }

    private static String fold(String name) {
        return name.toUpperCase(Locale.ROOT).replaceAll("[^\\x00-\\x7F]+", "?");
    }
}
