package io.socketwatch.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProbeCommandTests {

    private static final String SYNOPSIS_LINE =
            "usage: socketwatch probe URL [--requests N] [--threads N] [--rate R] [--timeout DURATION]\n";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ProbeCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aMissingUrlIsAUsageError() {
        assertThat(run("--requests", "5")).isEqualTo(2);
        assertThat(err()).isEqualTo("socketwatch probe: no URL given\n" + SYNOPSIS_LINE);
    }

    @Test
    void anOptionWithoutValueIsAUsageError() {
        assertThat(run("http://127.0.0.1:1/", "--requests")).isEqualTo(2);
        assertThat(err()).isEqualTo("socketwatch probe: --requests needs a value\n" + SYNOPSIS_LINE);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            --requests | abc  | expected a whole number, 1 or more
            --requests | 0    | expected a whole number, 1 or more
            --threads  | -2   | expected a whole number, 1 or more
            --rate     | fast | expected requests per second, a number above 0, e.g. 100 or 2.5
            --timeout  | 10h  | unit 'h' is not supported; expected a whole number followed by ms or s, e.g. 500ms or 2s
            --timeout  | 1m   | unit 'm' is not supported; expected a whole number followed by ms or s, e.g. 500ms or 2s
            --timeout  | PT2S | ISO-8601 durations are not supported (write 2s for PT2S); expected a whole number followed by ms or s, e.g. 500ms or 2s
            --timeout  | -1s  | a duration cannot be negative; expected a whole number followed by ms or s, e.g. 500ms or 2s
            --timeout  | 0ms  | a connect timeout must be above 0; expected a whole number followed by ms or s, e.g. 500ms or 2s
            """)
    void aBadValueIsNamedWithItsOptionAndWhatIsExpected(String option, String value, String expected) {
        assertThat(run("http://127.0.0.1:1/", option, value)).isEqualTo(2);
        assertThat(err()).isEqualTo("socketwatch probe: invalid value '" + value + "' for " + option + ": "
                + expected + "\n" + SYNOPSIS_LINE);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void anUnknownOptionAndASecondUrlAreUsageErrors() {
        assertThat(run("http://127.0.0.1:1/", "--request", "5")).isEqualTo(2);
        assertThat(err()).isEqualTo("socketwatch probe: unknown option '--request'\n" + SYNOPSIS_LINE);
        err.reset();
        assertThat(run("http://127.0.0.1:1/", "http://127.0.0.1:2/")).isEqualTo(2);
        assertThat(err()).isEqualTo("socketwatch probe: one URL only, got 'http://127.0.0.1:1/' and "
                + "'http://127.0.0.1:2/'\n" + SYNOPSIS_LINE);
    }

    @Test
    void aUrlWithoutSchemeOrHostIsAUsageError() {
        assertThat(run("localhost:8080")).isEqualTo(2);
        assertThat(err()).isEqualTo("socketwatch probe: invalid value 'localhost:8080' for URL: expected an http or "
                + "https URL with a host, e.g. http://127.0.0.1:8080/\n" + SYNOPSIS_LINE);
    }

    @Test
    void helpPrintsTheUsage() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(ProbeCommand.USAGE).startsWith(SYNOPSIS_LINE);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aClosedPortFailsWithTheReasonAndNoConclusion() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = closed.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/";

        assertThat(run(url, "--requests", "3", "--threads", "2")).isEqualTo(1);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("socketwatch probe: JDK HttpClient -> " + url + """


                                                 sequential   concurrent
                  requests                                3            3
                  threads                                 1            2
                  failed requests                         3            3
                  connections opened                      0            0
                  connections kept from before            0            0
                  exchanges per connection              0.0          0.0
                  closed first by the client              0            0
                  closed first by the server              0            0
                  still open                              0            0
                  TIME_WAIT left on the client            0            0

                6 of 6 requests failed:
                  connection refused to 127.0.0.1:%d
                No request succeeded: nothing to conclude about connection reuse or churn.
                """.formatted(port));
        assertThat(err()).isEmpty();
    }
}
