package io.socketwatch.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report in a real browser: headless Chromium opens it from {@code file://} with every host unresolvable, logs no
 * console message, and shows a row per test, a bar per connection and the grouped failures. Keeps a screenshot as
 * {@code target/report-screenshot.png}. Runs where Chromium is installed ({@code .ci/run} installs Debian's).
 */
@EnabledIf("chromiumInstalled")
class HtmlReportBrowserTests {

    @TempDir
    Path dir;

    @Test
    void rendersFromFileWithoutConsoleMessagesARowPerTestABarPerConnectionAndTheCauses() throws Exception {
        ReportDirectory reports = new ReportDirectory(dir);
        reports.write(new ReportFile("fork-1", "t", 28232, List.of(ReportEntries.of(Reports.churning("fetches()")),
                ReportEntries.of(Reports.reusing("reuses()"))), List.of()));
        reports.write(new ReportFile("fork-2", "t", 28232,
                List.of(ReportEntries.of(Reports.leaking("com.acme.Other", "leaks()"))), List.of()));
        Path index = reports.writeHtml(reports.read());

        Chromium dom = chromium("--dump-dom", index.toUri().toString());
        chromium("--screenshot=" + Path.of("target", "report-screenshot.png").toAbsolutePath(), "--window-size=1200,900",
                index.toUri().toString());

        assertThat(dom.log()).as("the browser's console").doesNotContain(":CONSOLE");
        assertThat(count(dom.output(), "<div class=\"test ")).isEqualTo(3);
        assertThat(count(dom.output(), "<div class=\"bar\"")).isEqualTo(3);
        assertThat(count(dom.output(), "<tr class=\"cause\">")).isEqualTo(2);
        assertThat(Path.of("target", "report-screenshot.png")).isNotEmptyFile();
    }

    @Test
    void seesAScriptErrorOnAPageThatHasOne() throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.html"),
                "<!DOCTYPE html><html><body><script>undefinedFunction();</script></body></html>");

        assertThat(chromium("--dump-dom", broken.toUri().toString()).log())
                .contains(":CONSOLE").contains("undefinedFunction is not defined");
    }

    static boolean chromiumInstalled() {
        return executable() != null;
    }

    private static String executable() {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                if (Files.isExecutable(Path.of(directory, name))) {
                    return Path.of(directory, name).toString();
                }
            }
        }
        return null;
    }

    /** What a headless Chromium run printed: its standard output and its log (standard error). */
    private record Chromium(String output, String log) {
    }

    private Chromium chromium(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--enable-logging=stderr", "--v=0", "--host-resolver-rules=MAP * ~NOTFOUND",
                "--user-data-dir=" + dir.resolve("profile")));
        command.addAll(List.of(args));
        Path out = dir.resolve("chromium.out");
        Path err = dir.resolve("chromium.err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("Chromium did not finish within 60 s: " + command);
        }
        assertThat(process.exitValue()).as("Chromium's exit status, having logged: %s", Files.readString(err))
                .isZero();
        return new Chromium(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static int count(String text, String part) {
        Matcher matcher = Pattern.compile(Pattern.quote(part)).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
