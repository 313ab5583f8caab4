package io.socketwatch.internal.os;

import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socketwatch.model.TcpState;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every recorded output in {@code src/test/resources/netstat} (see its README for sources), parsed row by row. */
class NetstatParserTests {

    @Nested
    class Bsd {

        @Test
        void recentMacOsWithTcp46TimeWaitAndACutShortIpv6Row() throws IOException {
            NetstatRows rows = BsdNetstatParser.parse(text("macos/netstat_n_a_p_tcp"), "netstat");
            assertThat(byFamilyAndState(rows.entries())).isEqualTo(Map.of(
                    "v4 ESTABLISHED", 62L, "v4 LISTEN", 7L, "v4 TIME_WAIT", 2L, "v6 LISTEN", 2L));
            // tcp46 is a dual-stack listener: its wildcards are IPv6 ones
            assertThat(rows.entries()).contains(
                    row(TcpState.LISTEN, "::", 52829, "::", 0),
                    row(TcpState.LISTEN, "::", 64701, "::", 0),
                    row(TcpState.TIME_WAIT, "192.168.135.119", 49903, "149.154.167.99", 443));
            assertThat(rows.entries().get(0)).isEqualTo(
                    row(TcpState.ESTABLISHED, "192.168.135.119", 49922, "2.21.181.49", 443));
            assertThat(rows.cutShort()).containsExactly("line 8: 'tcp6       0      0  fe80::87e6:73b7:.1024  "
                    + "fe80::6767:806c:.1024  SYN_SENT'");
        }

        @Test
        void oldMacOsWithCloseWaitClosedAndTheUdpAndUnixSectionsSkipped() throws IOException {
            NetstatRows rows = BsdNetstatParser.parse(text("macos/netstat-an"), "netstat");
            assertThat(byFamilyAndState(rows.entries())).isEqualTo(Map.of("v4 ESTABLISHED", 12L,
                    "v4 CLOSE_WAIT", 11L, "v4 LISTEN", 5L, "v4 CLOSE", 3L, "v6 LISTEN", 1L));
            assertThat(rows.entries().get(0)).isEqualTo(
                    row(TcpState.CLOSE_WAIT, "192.168.15.107", 55577, "135.207.30.101", 143));
            assertThat(rows.entries()).contains(row(TcpState.CLOSE, "0.0.0.0", 0, "0.0.0.0", 0),
                    row(TcpState.LISTEN, "::", 6000, "::", 0));
            assertThat(rows.cutShort()).isEmpty();
        }

        @Test
        void macOs1014WithThePcbColumnsFindsProtoFromTheHeader() throws IOException {
            // -An without -W cuts addresses to 18 characters: only the layout and sections are worth asserting
            NetstatRows rows = BsdNetstatParser.parse(text("macos/netstat-An.out"), "netstat");
            assertThat(rows.entries()).filteredOn(entry -> isV4(entry)).hasSize(22);
            assertThat(rows.entries().stream().filter(entry -> !isV4(entry)).count() + rows.cutShort().size())
                    .isEqualTo(27);
            assertThat(rows.cutShort()).first().asString()
                    .isEqualTo("line 7: '7fb03cb946c1cbcd  3c023c0 tcp6       0      0  2600:1700:bab0:d.5 "
                            + "2607:f8b0:4003:c.9 ESTABLISHED'");
            assertThat(byFamilyAndState(rows.entries().stream().filter(NetstatParserTests::isV4).toList()))
                    .isEqualTo(Map.of("v4 ESTABLISHED", 16L, "v4 CLOSE_WAIT", 6L));
        }

        @Test
        void freeBsd12WithPaddedStates() throws IOException {
            NetstatRows rows = BsdNetstatParser.parse(text("freebsd/netstat-an.out"), "netstat");
            assertThat(rows.entries()).containsExactly(
                    row(TcpState.ESTABLISHED, "192.168.71.163", 22, "192.168.71.1", 56321),
                    row(TcpState.LISTEN, "127.0.0.1", 25, "0.0.0.0", 0),
                    row(TcpState.LISTEN, "0.0.0.0", 22, "0.0.0.0", 0),
                    row(TcpState.LISTEN, "::", 22, "::", 0));
            assertThat(rows.cutShort()).isEmpty();
        }

        @Test
        void zoneIdsAreDroppedAndAWideAddressOverflowingItsColumnIsRead() {
            NetstatRows rows = BsdNetstatParser.parse("""
                    Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)
                    tcp6       0      0  fe80::1%lo0.49152      fe80::1%lo0.8080       ESTABLISHED
                    tcp6       0      0  2001:db8:1234:5678:9abc:def0:1234:5678.443 2001:db8::1.50000 CLOSE_WAIT
                    """, "netstat");
            assertThat(rows.entries()).containsExactly(row(TcpState.ESTABLISHED, "fe80::1", 49152, "fe80::1", 8080),
                    row(TcpState.CLOSE_WAIT, "2001:db8:1234:5678:9abc:def0:1234:5678", 443, "2001:db8::1", 50000));
        }

        @Test
        void aTcpRowWithAMissingColumnNamesItsLine() {
            assertThatThrownBy(() -> BsdNetstatParser.parse("""
                    Active Internet connections (including servers)
                    Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)
                    tcp4       0      0  127.0.0.1.8080         127.0.0.1.50000
                    """, "netstat -an -W -p tcp"))
                    .isInstanceOf(SocketTableException.class)
                    .hasMessage("netstat -an -W -p tcp: line 3: expected 6 columns (Proto, Recv-Q, Send-Q, "
                            + "Local Address, Foreign Address, state), got 5: "
                            + "'tcp4       0      0  127.0.0.1.8080         127.0.0.1.50000'");
        }

        @Test
        void anUnknownStateNamesItsLine() {
            assertThatThrownBy(() -> BsdNetstatParser.parse("Proto Recv-Q Send-Q Local Address Foreign Address "
                    + "(state)\ntcp4 0 0 127.0.0.1.8080 127.0.0.1.50000 WAITING\n", "netstat"))
                    .isInstanceOf(SocketTableException.class)
                    .hasMessage("netstat: line 2: unknown TCP state 'WAITING': "
                            + "'tcp4 0 0 127.0.0.1.8080 127.0.0.1.50000 WAITING'");
        }

        @Test
        void anIpv4AddressThatIsNoQuadIsAnErrorNotAGuess() {
            // the JDK would read 127.1 as 127.0.0.1: a row must never be guessed
            assertThatThrownBy(() -> BsdNetstatParser.parse("Proto Recv-Q Send-Q Local Address Foreign Address "
                    + "(state)\ntcp4 0 0 127.1.8080 127.0.0.1.50000 ESTABLISHED\n", "netstat"))
                    .isInstanceOf(SocketTableException.class)
                    .hasMessage("netstat: line 2: cannot read the address '127.1.8080' (expected host.port, "
                            + "e.g. 127.0.0.1.8080 or *.22): 'tcp4 0 0 127.1.8080 127.0.0.1.50000 ESTABLISHED'");
        }

        @Test
        void rowsBeforeAnyHeaderAreAnError() {
            assertThatThrownBy(() -> BsdNetstatParser.parse("tcp4 0 0 127.0.0.1.8080 127.0.0.1.50000 "
                    + "ESTABLISHED\n", "netstat"))
                    .isInstanceOf(SocketTableException.class)
                    .hasMessage("netstat: line 1: expected the header naming 'Proto': "
                            + "'tcp4 0 0 127.0.0.1.8080 127.0.0.1.50000 ESTABLISHED'");
        }
    }

    @Nested
    class Windows {

        @Test
        void windows10WithPidsProgramLinesCrlfAndBothFamilies() throws IOException {
            NetstatRows rows = WindowsNetstatParser.parse(text("windows/netstat-aonb.out"), "netstat");
            assertThat(byFamilyAndState(rows.entries())).isEqualTo(Map.of("v4 LISTEN", 36L, "v4 ESTABLISHED", 54L,
                    "v4 CLOSE_WAIT", 6L, "v4 TIME_WAIT", 3L, "v6 LISTEN", 15L));
            assertThat(rows.entries().get(0)).isEqualTo(row(TcpState.LISTEN, "0.0.0.0", 135, "0.0.0.0", 0));
            assertThat(rows.entries()).contains(
                    row(TcpState.CLOSE_WAIT, "192.168.31.221", 4604, "82.102.152.152", 443),
                    row(TcpState.TIME_WAIT, "192.168.31.221", 4713, "157.240.252.61", 5222),
                    row(TcpState.LISTEN, "::1", 1025, "::", 0));
            assertThat(rows.cutShort()).isEmpty();
        }

        @Test
        void windows10WithoutPids() throws IOException {
            NetstatRows rows = WindowsNetstatParser.parse(text("windows/netstat-an.out"), "netstat");
            assertThat(byFamilyAndState(rows.entries())).isEqualTo(Map.of("v4 LISTEN", 33L, "v4 ESTABLISHED", 32L,
                    "v6 LISTEN", 15L));
            assertThat(rows.entries()).contains(row(TcpState.ESTABLISHED, "127.0.0.1", 1031, "127.0.0.1", 1032),
                    row(TcpState.LISTEN, "::", 135, "::", 0));
        }

        @Test
        void germanStatesInCp850WithZoneIdsAndAnOverflowingState() throws IOException {
            // constructed, not recorded: see the fixtures' README
            NetstatRows rows = WindowsNetstatParser.parse(text("windows/netstat-ano-german-cp850.out"), "netstat");
            assertThat(rows.entries()).containsExactly(
                    row(TcpState.LISTEN, "0.0.0.0", 135, "0.0.0.0", 0),
                    row(TcpState.ESTABLISHED, "127.0.0.1", 49670, "127.0.0.1", 49671),
                    row(TcpState.ESTABLISHED, "127.0.0.1", 49671, "127.0.0.1", 49670),
                    row(TcpState.CLOSE_WAIT, "127.0.0.1", 49680, "127.0.0.1", 8080),
                    row(TcpState.TIME_WAIT, "127.0.0.1", 49690, "127.0.0.1", 8080),
                    row(TcpState.FIN_WAIT2, "127.0.0.1", 8080, "127.0.0.1", 49700),
                    row(TcpState.LISTEN, "::", 135, "::", 0),
                    row(TcpState.ESTABLISHED, "::1", 49672, "::1", 8443),
                    row(TcpState.CLOSE_WAIT, "fe80::1c2d:3e4f:5a6b:7c8d", 49673, "fe80::aede:48ff:fe00:1122", 443));
        }

        @Test
        void germanListenIsReadInAnyCodePage() {
            for (var charset : List.of(StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1)) {
                String output = new String("  TCP    0.0.0.0:135    0.0.0.0:0    ABHÖREN\r\n".getBytes(charset),
                        StandardCharsets.ISO_8859_1);
                assertThat(WindowsNetstatParser.parse(output, "netstat").entries())
                        .containsExactly(row(TcpState.LISTEN, "0.0.0.0", 135, "0.0.0.0", 0));
            }
        }

        @Test
        void anUnknownStateNamesItsLineAndWhereToAddIt() {
            assertThatThrownBy(() -> WindowsNetstatParser.parse(
                    "  TCP    127.0.0.1:8080    127.0.0.1:50000    ÉTABLIE\r\n", "netstat -an"))
                    .isInstanceOf(SocketTableException.class)
                    .hasMessage("netstat -an: line 1: unknown TCP state 'ÉTABLIE' (add its translation to "
                            + "WindowsTcpStates): 'TCP    127.0.0.1:8080    127.0.0.1:50000    ÉTABLIE'");
        }

        @Test
        void aRowWithAnExtraColumnNamesItsLine() {
            assertThatThrownBy(() -> WindowsNetstatParser.parse(
                    "\r\n  TCP    127.0.0.1:8080    127.0.0.1:50000    ESTABLISHED    42    chrome\r\n", "netstat"))
                    .isInstanceOf(SocketTableException.class)
                    .hasMessage("netstat: line 2: expected Proto, Local Address, Foreign Address, State and an "
                            + "optional PID, got 6 columns: "
                            + "'TCP    127.0.0.1:8080    127.0.0.1:50000    ESTABLISHED    42    chrome'");
        }

        @Test
        void anUnbracketedIpv6AddressIsAnError() {
            assertThatThrownBy(() -> WindowsNetstatParser.parse("  TCP  ::1:8080  [::1]:50000  ESTABLISHED\r\n",
                    "netstat"))
                    .isInstanceOf(SocketTableException.class)
                    .hasMessage("netstat: line 1: cannot read the address '::1:8080' (expected host:port, e.g. "
                            + "127.0.0.1:8080 or [::1]:8080): 'TCP  ::1:8080  [::1]:50000  ESTABLISHED'");
        }
    }

    static String text(String resource) throws IOException {
        try (InputStream in = NetstatParserTests.class.getResourceAsStream("/netstat/" + resource)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    static SocketEntry row(TcpState state, String localHost, int localPort, String remoteHost, int remotePort) {
        return new SocketEntry(state, new FourTuple(new InetSocketAddress(literal(localHost), localPort),
                new InetSocketAddress(literal(remoteHost), remotePort)), 0, -1, Optional.empty());
    }

    private static boolean isV4(SocketEntry entry) {
        return !(entry.tuple().local().getAddress() instanceof Inet6Address);
    }

    private static Map<String, Long> byFamilyAndState(List<SocketEntry> entries) {
        return entries.stream().collect(groupingBy(entry -> (isV4(entry) ? "v4 " : "v6 ") + entry.state(),
                counting()));
    }

    private static InetAddress literal(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
