package io.socketwatch.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportTests {

    private static final String NAME = "fetches(\"<script>alert('x')</script>\") & more";

    private final String html = HtmlReport.render(List.of(
            new ReportFile("a", "t", 28232, List.of(ReportEntries.of(Reports.churning(NAME)),
                    ReportEntries.of(Reports.reusing("reuses()"))), List.of()),
            new ReportFile("b", "t", 28232, List.of(ReportEntries.of(Reports.leaking("com.acme.Other", "leaks()"))),
                    List.of())));

    @Test
    void escapesEverythingTakenFromTheFiles() {
        assertThat(html).contains("fetches(&quot;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;) &amp; more")
                .doesNotContain("<script>alert").contains("Note: a &lt;note&gt; &amp; more");
    }

    @Test
    void needsNoNetwork() {
        assertThat(html).doesNotContainPattern("(?i)(src|href)\\s*=")
                .doesNotContainPattern("(?i)<(link|img|iframe|object|embed)\\b").doesNotContain("@import", "url(");
    }

    @Test
    void showsTheTotalsTheCausesTheEndpointsAndABarPerConnection() {
        assertThat(html).contains("<p id=\"totals\">3 tests watched, 2 failed; 3 connections opened, 1 reused, 2 left "
                + "in TIME_WAIT, from 2 test JVMs.</p>");
        assertThat(count("<tr class=\"cause\">")).isEqualTo(2);
        assertThat(count("<div class=\"bar\"")).isEqualTo(3);
        assertThat(count("<div class=\"test ")).isEqualTo(3);
        assertThat(count("<section class=\"class\">")).isEqualTo(2);
        assertThat(html).contains("<tr><td class=\"name\">127.0.0.1:8080</td><td class=\"num\">3</td>"
                + "<td class=\"num\">5</td><td class=\"num\">1.7</td><td class=\"num\">2</td>"
                + "<td>2 of 28232 for 60 s (0.01 %)</td></tr>");
        assertThat(html).contains("<div class=\"after TIME_WAIT\"").contains("<div class=\"open ESTABLISHED\"");
    }

    private int count(String text) {
        Matcher matcher = Pattern.compile(Pattern.quote(text)).matcher(html);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }
}
