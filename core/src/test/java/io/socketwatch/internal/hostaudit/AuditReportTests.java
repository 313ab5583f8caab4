package io.socketwatch.internal.hostaudit;

import static org.assertj.core.api.Assertions.assertThat;

import io.socketwatch.internal.os.ProcNetTcpReader;
import io.socketwatch.internal.os.SocketTable;
import io.socketwatch.internal.os.SocketTableReaders.LookupReader;
import io.socketwatch.model.TcpState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class AuditReportTests {

    @TempDir
    Path root;

    /** A host root with recorded sysctl values, the recorded socket table, and no tcp_max_tw_buckets. */
    private AuditReport recordedReport() throws IOException {
        write("proc/sys/kernel/osrelease", "6.18.44-fc-v657\n");
        write("etc/os-release", "NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");
        write("proc/sys/net/ipv4/ip_local_port_range", "32768\t60999\n");
        write("proc/sys/net/ipv4/tcp_tw_reuse", "2\n");
        write("proc/sys/net/ipv4/tcp_fin_timeout", "60\n");
        write("proc/sys/net/core/somaxconn", "4096\n");
        write("net/tcp", resource("/proc/tcp"));
        write("net/tcp6", resource("/proc/tcp6"));
        SocketTable table = new ProcNetTcpReader(root.resolve("net/tcp"), root.resolve("net/tcp6")).scan();
        return AuditReport.of(new HostFacts(root), table);
    }

    @Test
    void textNamesTheSettingsTheHistogramAndTheHotSpots() throws IOException {
        String missing = root.resolve("proc/sys/net/ipv4/tcp_max_tw_buckets").toString();
        assertThat(AuditTextRenderer.render(recordedReport())).isEqualTo("""
                socketwatch audit

                  kernel release                 6.18.44-fc-v657
                  distribution                   Debian GNU/Linux 12 (bookworm)
                  socket table                   /proc/net/tcp + /proc/net/tcp6 (cannot see: other network namespaces)

                TIME_WAIT
                  lasts 60 s on Linux: 2 MSL, TCP_TIMEWAIT_LEN, fixed in the kernel and not tunable.
                  net.ipv4.tcp_fin_timeout is FIN_WAIT2's timer, not TIME_WAIT's.

                TCP settings
                  net.ipv4.ip_local_port_range   32768 60999  (28232 ephemeral ports)
                  net.ipv4.tcp_tw_reuse          2  (loopback only: as 1, for connections on loopback)
                  net.ipv4.tcp_max_tw_buckets    unknown (%s does not exist)
                  net.ipv4.tcp_fin_timeout       60  (s, FIN_WAIT2 only)
                  net.core.somaxconn             4096  (cap on a listen backlog)

                Sockets by state (8 in all)
                  ESTABLISHED        2
                  FIN_WAIT2          1
                  TIME_WAIT          1
                  CLOSE_WAIT         1
                  LISTEN             3

                Remote endpoints with the most TIME_WAIT sockets
                  [0:0:0:0:0:0:0:1]:44057                        1 TIME_WAIT    0.0%% of the ephemeral ports
                  Each TIME_WAIT socket holds a local port for 60 s: 28232 ephemeral ports sustain about 470 new \
                connections/s to one endpoint.
                """.formatted(missing));
    }

    @Test
    void jsonCarriesTheSameFactsAndSaysWhyAValueIsUnknown() throws IOException {
        String json = AuditJsonRenderer.render(recordedReport());
        assertThat(json)
                .startsWith("{\"kernelRelease\":{\"name\":\"kernel release\",\"value\":\"6.18.44-fc-v657\"}")
                .contains("{\"name\":\"net.ipv4.tcp_max_tw_buckets\",\"value\":null,\"unknownBecause\":\""
                        + root.resolve("proc/sys/net/ipv4/tcp_max_tw_buckets") + " does not exist\"}")
                .contains("\"ephemeralPorts\":28232,\"sustainableNewConnectionsPerSecondPerEndpoint\":470")
                .contains("\"byState\":{\"ESTABLISHED\":2,\"FIN_WAIT2\":1,\"TIME_WAIT\":1,\"CLOSE_WAIT\":1,\"LISTEN\":3}")
                .contains("\"timeWaitHotspots\":[{\"remote\":\"[0:0:0:0:0:0:0:1]:44057\",\"timeWait\":1,"
                        + "\"shareOfEphemeralPorts\":0.0000}]")
                .endsWith("}\n");
        assertThat(json.chars().filter(c -> c == '{').count()).isEqualTo(json.chars().filter(c -> c == '}').count());
        assertThat(AuditJsonRenderer.string("a \"q\" \\ \n")).isEqualTo("\"a \\\"q\\\" \\\\ \\n\"");
    }

    @Test
    void hotSpotsAreTheRemotesWithTheMostTimeWait() throws IOException {
        AuditReport report = recordedReport();
        assertThat(report.byState()).containsEntry(TcpState.TIME_WAIT, 1);
        assertThat(report.hotspots()).hasSize(1);
        assertThat(report.sustainableRate()).isEqualTo(470);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void commandAuditsThisMachineAndRejectsUnknownOptions() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(AuditCommand.run(List.of(), new PrintStream(out), new PrintStream(err))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("kernel release", "net.ipv4.ip_local_port_range", "Sockets by state");

        assertThat(AuditCommand.run(List.of("--bogus"), new PrintStream(out), new PrintStream(err))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("socketwatch audit: unknown option '--bogus'\nusage: socketwatch audit [--json]");
    }

    @Test
    void commandSaysItWorksOnLinuxOnlyElsewhere() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(AuditCommand.run(List.of(), new PrintStream(out), new PrintStream(err), "Mac OS X"))
                .isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("socketwatch audit: reads Linux's socket table "
                + "(netlink, /proc) and works on Linux only; this is Mac OS X" + System.lineSeparator());
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void commandReadsTheTableThroughNetlinkDumps() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(AuditCommand.run(List.of(), new PrintStream(out), new PrintStream(new ByteArrayOutputStream())))
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .containsPattern("\\n  socket table +netlink SOCK_DIAG \\((JNA|FFM)\\): exact look-ups, dumps for scans");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aTableReadFromProcBecauseNetlinkIsUnusableSaysWhy() {
        SocketTable table = AuditCommand.scan(new LookupReader(new ProcNetTcpReader(),
                Optional.of("cannot open a netlink SOCK_DIAG socket: refused")));
        assertThat(table.source().name())
                .isEqualTo("/proc/net/tcp + /proc/net/tcp6 (cannot open a netlink SOCK_DIAG socket: refused)");
        assertThat(table.entries()).isNotEmpty(); // at least the build's own sockets
    }

    private void write(String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = AuditReportTests.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
