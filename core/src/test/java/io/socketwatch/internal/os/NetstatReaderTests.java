package io.socketwatch.internal.os;

import static io.socketwatch.internal.os.NetstatParserTests.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socketwatch.model.TcpState;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The netstat readers, run against a fake {@code netstat}: a real shell script that prints a recorded output. */
@DisabledOnOs(OS.WINDOWS) // the fake netstat is a shell script
class NetstatReaderTests {

    private static final CommandRunner RUNNER = new CommandRunner(Duration.ofSeconds(5));

    @TempDir
    Path dir;

    @Test
    void onMacOsOneNetstatRunAnswersTheScanAndTheLookUp() throws IOException {
        Path netstat = fakeNetstat("[ \"$*\" = '-an -W -p tcp' ] || { echo \"wrong arguments: $*\" >&2; exit 9; }\n"
                + "cat '" + fixture("freebsd/netstat-an.out") + "'\n");
        NetstatReader reader = NetstatReader.forOs("Mac OS X", List.of(netstat.toString()), RUNNER).orElseThrow();
        assertThat(reader.source().name()).isEqualTo(netstat + " -an -W -p tcp (Mac OS X)");
        assertThat(reader.scan().entries()).hasSize(4);
        assertThat(reader.scan(EnumSet.of(TcpState.ESTABLISHED)).entries()).containsExactly(
                row(TcpState.ESTABLISHED, "192.168.71.163", 22, "192.168.71.1", 56321));
        assertThat(reader.lookup(new FourTuple(new InetSocketAddress("192.168.71.163", 22),
                new InetSocketAddress("192.168.71.1", 56321)))).hasValueSatisfying(entry ->
                assertThat(entry.state()).isEqualTo(TcpState.ESTABLISHED));
        assertThat(reader.lookup(new FourTuple(new InetSocketAddress("192.168.71.163", 22),
                new InetSocketAddress("192.168.71.1", 56322)))).isEmpty();
    }

    @Test
    void onWindowsItReadsTcpRowsOfBothFamiliesAndSkipsUdp() throws IOException {
        Path netstat = fakeNetstat("[ \"$*\" = '-an' ] || { echo \"wrong arguments: $*\" >&2; exit 9; }\n"
                + "cat '" + fixture("windows/netstat-aonb.out") + "'\n");
        NetstatReader reader = NetstatReader.forOs("Windows 11", List.of(netstat.toString()), RUNNER).orElseThrow();
        assertThat(reader.scan().entries()).hasSize(114); // 99 IPv4 and 15 IPv6 TCP rows; the UDP rows skipped
        assertThat(reader.scan(EnumSet.of(TcpState.CLOSE_WAIT)).entries()).hasSize(6);
        assertThat(reader.source().blindSpot()).isEqualTo("socket owners and timers");
    }

    @Test
    void freeBsdUsesTheBsdReaderAndOtherSystemsNone() {
        assertThat(NetstatReader.forOs("FreeBSD")).hasValueSatisfying(reader ->
                assertThat(reader.source().name()).isEqualTo("netstat -an -W -p tcp (FreeBSD)"));
        assertThat(NetstatReader.forOs("Linux")).isEmpty();
        assertThat(NetstatReader.forOs("SunOS")).isEmpty();
    }

    @Test
    void rowsCutShortAreNamedInTheTablesSource() throws IOException {
        Path netstat = fakeNetstat("cat '" + fixture("macos/netstat_n_a_p_tcp") + "'\n");
        SocketTable table = NetstatReader.forOs("Mac OS X", List.of(netstat.toString()), RUNNER).orElseThrow().scan();
        assertThat(table.source().blindSpot()).isEqualTo("socket owners and timers; and TIME_WAIT, on macOS "
                + "releases that leave it out of netstat; 1 row whose address netstat cut short, first line 8: "
                + "'tcp6       0      0  fe80::87e6:73b7:.1024  fe80::6767:806c:.1024  SYN_SENT'");
    }

    @Test
    void aNetstatThatFailsGivesAnErrorWithItsStatusAndStandardError() throws IOException {
        Path netstat = fakeNetstat("echo 'netstat: sysctl: net.inet.tcp.pcblist: Operation not permitted' >&2\n"
                + "exit 3\n");
        NetstatReader reader = NetstatReader.forOs("Mac OS X", List.of(netstat.toString()), RUNNER).orElseThrow();
        assertThatThrownBy(reader::scan).isInstanceOf(SocketTableException.class).hasMessage("'" + netstat
                + " -an -W -p tcp' exited with status 3: netstat: sysctl: net.inet.tcp.pcblist: Operation not "
                + "permitted");
    }

    @Test
    void aMissingNetstatGivesAnErrorNamingTheCommand() {
        Path missing = dir.resolve("no-such-netstat");
        NetstatReader reader = NetstatReader.forOs("Windows 10", List.of(missing.toString()), RUNNER).orElseThrow();
        assertThatThrownBy(reader::scan).isInstanceOf(SocketTableException.class)
                .hasMessageStartingWith("cannot run '" + missing + " -an': Cannot run program \"" + missing
                        + "\"");
    }

    @Test
    void aNetstatThatHangsIsStoppedAtTheTimeout() throws IOException {
        Path pid = dir.resolve("pid");
        Path netstat = fakeNetstat("echo $$ > '" + pid + "'\nexec sleep 30\n");
        NetstatReader reader = NetstatReader.forOs("Mac OS X", List.of(netstat.toString()),
                new CommandRunner(Duration.ofMillis(300))).orElseThrow();
        long started = System.nanoTime();
        assertThatThrownBy(reader::scan).isInstanceOf(SocketTableException.class)
                .hasMessage("'" + netstat + " -an -W -p tcp' did not finish within 300 ms and was stopped");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).ifPresent(process ->
                assertThat(process.onExit().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join().isAlive())
                        .isFalse());
    }

    @Test
    void aMalformedOutputFailsTheScanNamingTheLine() throws IOException {
        Path netstat = fakeNetstat("printf 'Proto Recv-Q Send-Q Local Foreign (state)\\ntcp4 0 0 127.0.0.1.80\\n'\n");
        NetstatReader reader = NetstatReader.forOs("Mac OS X", List.of(netstat.toString()), RUNNER).orElseThrow();
        assertThatThrownBy(reader::scan).isInstanceOf(SocketTableException.class)
                .hasMessage(netstat + " -an -W -p tcp: line 2: expected 6 columns (Proto, Recv-Q, Send-Q, Local "
                        + "Address, Foreign Address, state), got 4: 'tcp4 0 0 127.0.0.1.80'");
    }

    private Path fakeNetstat(String body) throws IOException {
        Path script = dir.resolve("netstat");
        Files.writeString(script, "#!/bin/sh\n" + body, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private static String fixture(String name) {
        try {
            return Path.of(NetstatReaderTests.class.getResource("/netstat/" + name).toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
