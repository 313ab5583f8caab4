package io.socketwatch.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.socketwatch.internal.report.ReportCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTests {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpListsTheCommands() {
        assertThat(run("help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(Main.USAGE).contains("audit", "probe");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void dashDashHelpIsHelpToo() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(Main.USAGE);
    }

    @Test
    void anUnknownCommandIsNamedAndTheUsageFollows() {
        assertThat(run("bogus")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("socketwatch: unknown command 'bogus'\n" + Main.USAGE);
    }

    @Test
    void noCommandIsAnError() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("socketwatch: no command given\n" + Main.USAGE);
    }

    @Test
    void probeGetsItsOwnArguments() {
        assertThat(run("probe", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(ProbeCommand.USAGE);
    }

    @Test
    void reportGetsItsOwnArguments() {
        assertThat(run("report", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(ReportCommand.USAGE);
    }
}
