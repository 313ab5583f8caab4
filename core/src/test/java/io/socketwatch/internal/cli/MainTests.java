package io.socketwatch.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.socketwatch.internal.hostaudit.AuditCommand;
import io.socketwatch.internal.report.ReportCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTests {

    private static final String USAGE = """
            usage: socketwatch COMMAND [ARGS]

              socketwatch audit [--json]
                  audits this machine's TCP socket table and settings; --json for one JSON object
              socketwatch probe URL [--requests N] [--threads N] [--rate R] [--timeout DURATION]
                  probes a URL with the JDK HttpClient and reports how it reused its connections
              socketwatch report DIR
                  builds a report directory's index.html from its JSON files (forks, CI shards)
              socketwatch baseline DIR
                  prints a report directory's failures as a baseline of known failures
              socketwatch help [COMMAND]
                  prints this text, or a command's own, as socketwatch COMMAND --help does
            """;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpListsEveryCommandWithItsOptions() {
        assertThat(run("help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void dashDashHelpAndDashHAreHelpToo() {
        assertThat(run("--help")).isZero();
        assertThat(run("-h")).isZero();
        assertThat(run("help", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(USAGE + USAGE + USAGE);
    }

    @Test
    void anUnknownCommandIsNamedAndTheUsageFollows() {
        assertThat(run("bogus")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("socketwatch: unknown command 'bogus'\n" + USAGE);
    }

    @Test
    void noCommandIsAnError() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("socketwatch: no command given\n" + USAGE);
    }

    @Test
    void eachCommandHasItsOwnHelp() {
        assertThat(run("probe", "--help")).isZero();
        assertThat(run("audit", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(ProbeCommand.USAGE + AuditCommand.USAGE);
        assertThat(AuditCommand.USAGE).isEqualTo("""
                usage: socketwatch audit [--json]
                  Audits this machine's TCP socket table and settings: TIME_WAIT hot spots, ephemeral ports, sysctls.
                  --json   one JSON object instead of text
                """);
    }

    @Test
    void helpWithACommandPrintsThatCommandsHelp() {
        assertThat(run("help", "probe")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(ProbeCommand.USAGE);
        out.reset();
        assertThat(run("help", "bogus")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("socketwatch: unknown command 'bogus'\n" + USAGE);
    }

    @Test
    void anUnknownAuditOptionIsOneLineAndTheSynopsis() {
        assertThat(run("audit", "--xml")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("socketwatch audit: unknown option '--xml'\nusage: socketwatch audit [--json]\n");
    }

    @Test
    void reportGetsItsOwnArguments() {
        assertThat(run("report", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(ReportCommand.USAGE);
    }
}
