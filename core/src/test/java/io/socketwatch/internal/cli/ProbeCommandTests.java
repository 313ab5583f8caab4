package io.socketwatch.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeCommandTests {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ProbeCommand.run(List.of(args), new PrintStream(out, true), new PrintStream(err, true));
    }

    @Test
    void aMissingUrlIsAUsageError() {
        assertThat(run("--requests", "5")).isEqualTo(2);
        assertThat(err.toString()).startsWith("socketwatch probe: no URL given\nusage: socketwatch probe URL "
                + "[--requests N] [--threads N] [--rate R]\n");
    }

    @Test
    void anOptionWithoutValueIsAUsageError() {
        assertThat(run("http://127.0.0.1:1/", "--requests")).isEqualTo(2);
        assertThat(err.toString()).startsWith("socketwatch probe: --requests needs a value\n");
    }

    @Test
    void helpPrintsTheUsage() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).startsWith("usage: socketwatch probe URL");
    }
}
