package io.socketwatch.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTests {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ReportCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void mergesTheFilesOfTwoForksIntoOnePage() throws IOException {
        ReportDirectory reports = new ReportDirectory(dir);
        reports.write(new ReportFile("fork-1", "t", 28232, List.of(ReportEntries.of(Reports.churning("fetches()"))),
                List.of()));
        reports.write(new ReportFile("fork-2", "t", 28232,
                List.of(ReportEntries.of(Reports.leaking("com.acme.Other", "leaksInFork2()"))), List.of()));

        assertThat(run(dir.toString())).isZero();

        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("socketwatch report: " + dir.resolve("index.html") + " (from 2 files)\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        String html = Files.readString(dir.resolve("index.html"));
        assertThat(html).contains("2 tests watched, 2 failed", "from 2 test JVMs", "fetches()", "leaksInFork2()");
        try (var files = Files.list(dir)) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder("socketwatch-fork-1.json", "socketwatch-fork-2.json", "index.html");
        }
    }

    @Test
    void aMalformedFileIsNamedWithTheLineAndColumnAndNoPageIsWritten() throws IOException {
        new ReportDirectory(dir).write(new ReportFile("good", "t", 0, List.of(ReportEntries.of(Reports.reusing("r"))),
                List.of()));
        Files.writeString(dir.resolve("socketwatch-bad.json"),
                "{\"format\": \"socketwatch-report\",\n  \"version\": 1,,");

        assertThat(run(dir.toString())).isEqualTo(1);

        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("socketwatch report: "
                + dir.resolve("socketwatch-bad.json")
                + ": line 2, column 16: expected a member name in double quotes\n");
        assertThat(dir.resolve("index.html")).doesNotExist();
    }

    @Test
    void aDirectoryWithoutReportFilesIsAnError() {
        assertThat(run(dir.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("socketwatch report: no socketwatch-*.json file in " + dir + "\n");
    }

    @Test
    void needsOneDirectory() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("socketwatch report: expected one directory\n" + ReportCommand.USAGE);
        assertThat(run(dir.resolve("missing").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).endsWith("socketwatch report: " + dir.resolve("missing")
                + " is not a directory\n");
    }
}
