package io.socketwatch.internal.report;

import io.socketwatch.report.KnownFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders report files as one self-contained HTML page: inline CSS and a few lines of inline JavaScript, no network
 * access, opens from {@code file://}. It shows the build's totals, the failures grouped by cause with their tests,
 * per endpoint the connections opened against the exchanges they carried and the TIME_WAIT left, and per test class a
 * timeline per test whose bars are its connections. Everything taken from the files is escaped.
 */
final class HtmlReport {

    /** How long Linux keeps a socket in TIME_WAIT, holding its local port. */
    private static final int TIME_WAIT_SECONDS = 60;

    private static final String STYLE = """
            body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
            h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.5em;border-bottom:1px solid #ccc}
            h3{font-size:1em;font-family:monospace}
            table{border-collapse:collapse}
            td,th{border:1px solid #ddd;padding:2px 8px;text-align:left;vertical-align:top}
            .num{text-align:right}.failed{color:#b00020}.aborted{color:#888}
            pre{white-space:pre-wrap;font-size:12px;background:#f6f6f6;padding:6px}
            .test{margin:6px 0 12px}.name{font-family:monospace}
            .lane{position:relative;border-left:1px solid #999;border-right:1px solid #999;background:#fafafa;
            width:100%;max-width:1100px}
            .bar{position:relative;height:7px;margin:1px 0;overflow:hidden}
            .open{position:absolute;height:7px;background:#3b73b9}
            .after{position:absolute;height:7px;opacity:.75}
            .TIME_WAIT{background:#f28e1c}.CLOSE_WAIT{background:#d62728}.ESTABLISHED{background:#3b73b9}
            .other{background:#9e9e9e}
            .legend span{display:inline-block;width:14px;height:8px;margin:0 4px 0 12px}
            .scale{font-size:11px;color:#666}
            """;

    private static final String SCRIPT = """
            function onlyFailed(box){document.querySelectorAll('.test').forEach(function(t){
            t.style.display=(box.checked&&!t.classList.contains('failed'))?'none':'';});}
            """;

    private HtmlReport() {
    }

    /** Renders {@code files}, in the order given. */
    static String render(List<ReportFile> files) {
        List<ReportedTest> tests = new ArrayList<>();
        List<KnownFailure> fixed = new ArrayList<>();
        int ports = 0;
        for (ReportFile file : files) {
            tests.addAll(file.tests());
            fixed.addAll(file.fixed());
            ports = Math.max(ports, file.ephemeralPorts());
        }
        StringBuilder html = new StringBuilder(4096)
                .append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>socketwatch report</title><style>").append(STYLE).append("</style>")
                .append("<script>").append(SCRIPT).append("</script></head><body>\n")
                .append("<h1>socketwatch report</h1>\n<p id=\"totals\">")
                .append(Html.escape(BuildTotals.of(tests).sentence())).append(", from ")
                .append(BuildTotals.plural(files.size(), "test JVM")).append(".</p>\n");
        failures(html, tests);
        fixed(html, fixed);
        endpoints(html, tests, ports);
        timelines(html, tests);
        return html.append("</body></html>\n").toString();
    }

    private static void failures(StringBuilder html, List<ReportedTest> tests) {
        List<FailureGroups.Group> groups = FailureGroups.of(tests);
        html.append("<h2>Failures by cause</h2>\n");
        if (groups.isEmpty()) {
            html.append("<p>No test failed socketwatch's checks.</p>\n");
            return;
        }
        html.append("<table id=\"causes\"><tr><th>tests</th><th>expected to</th><th>opened at</th>"
                + "<th>the tests, and the first one's message</th></tr>\n");
        for (FailureGroups.Group group : groups) {
            html.append("<tr class=\"cause\"><td class=\"num\">").append(group.tests().size()).append("</td><td>")
                    .append(Html.escape(group.check())).append(group.known() ? " <i>(known: in the baseline)</i>" : "")
                    .append(group.later() ? " <i>(found after the test: failed its class or the run)</i>" : "")
                    .append("</td><td class=\"name\">")
                    .append(Html.escape(group.site())).append("</td><td><details><summary>");
            List<String> names = new ArrayList<>();
            for (ReportedTest test : group.tests()) {
                names.add(simpleName(test.className()) + "." + test.displayName());
            }
            html.append(Html.escape(String.join(", ", names))).append("</summary><pre>")
                    .append(Html.escape(group.example().strip())).append("</pre></details></td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static void fixed(StringBuilder html, List<KnownFailure> fixed) {
        if (fixed.isEmpty()) {
            return;
        }
        html.append("<h2>Fixed: remove from the baseline</h2>\n<ul id=\"fixed\">");
        for (KnownFailure entry : fixed) {
            html.append("<li>").append(Html.escape(entry.toString())).append("</li>");
        }
        html.append("</ul>\n");
    }

    private static void endpoints(StringBuilder html, List<ReportedTest> tests, int ports) {
        List<EndpointStats> stats = EndpointStats.of(tests);
        html.append("<h2>Endpoints</h2>\n");
        if (stats.isEmpty()) {
            html.append("<p>No connection.</p>\n");
            return;
        }
        html.append("<table id=\"endpoints\"><tr><th>endpoint</th><th>connections opened</th><th>exchanges</th>"
                + "<th>exchanges per connection</th><th>left in TIME_WAIT</th><th>ephemeral ports held</th></tr>\n");
        for (EndpointStats s : stats) {
            html.append("<tr><td class=\"name\">").append(Html.escape(s.endpoint())).append("</td><td class=\"num\">")
                    .append(s.opened()).append("</td><td class=\"num\">").append(s.exchanges())
                    .append("</td><td class=\"num\">").append(Decimals.format(s.reuseRatio(), 1))
                    .append("</td><td class=\"num\">").append(s.timeWait()).append("</td><td>")
                    .append(Html.escape(pressure(s.clientTimeWait(), ports))).append("</td></tr>\n");
        }
        html.append("</table>\n<p>A client end in TIME_WAIT holds its local port for ").append(TIME_WAIT_SECONDS)
                .append(" s: a connection per request to one endpoint sustains at most ")
                .append(ports > 0 ? "about " + ports / TIME_WAIT_SECONDS + " new connections/s (" + ports
                        + " ephemeral ports)" : "(ephemeral ports / 60) new connections/s")
                .append(" before connects fail.</p>\n");
    }

    private static String pressure(long clientTimeWait, int ports) {
        if (clientTimeWait == 0) {
            return "none";
        }
        if (ports <= 0) {
            return clientTimeWait + " for 60 s";
        }
        return clientTimeWait + " of " + ports + " for 60 s (" + Decimals.format(100.0 * clientTimeWait / ports, 2)
                + " %)";
    }

    private static void timelines(StringBuilder html, List<ReportedTest> tests) {
        Map<String, List<ReportedTest>> byClass = new LinkedHashMap<>();
        for (ReportedTest test : tests) {
            byClass.computeIfAbsent(test.className(), name -> new ArrayList<>()).add(test);
        }
        html.append("<h2 id=\"tests\">Tests</h2>\n<p class=\"legend\"><label><input type=\"checkbox\" onclick=\"onlyFailed(this)\">"
                + " failed tests only</label> Bars: a connection from opened to closed <span class=\"ESTABLISHED\">"
                + "</span>open <span class=\"TIME_WAIT\"></span>TIME_WAIT <span class=\"CLOSE_WAIT\"></span>CLOSE_WAIT"
                + " <span class=\"other\"></span>closed, gone</p>\n");
        for (Map.Entry<String, List<ReportedTest>> each : byClass.entrySet()) {
            html.append("<section class=\"class\"><h3>").append(Html.escape(each.getKey())).append("</h3>\n");
            for (ReportedTest test : each.getValue()) {
                timeline(html, test);
            }
            html.append("</section>\n");
        }
    }

    private static void timeline(StringBuilder html, ReportedTest test) {
        String outcome = test.outcome().toLowerCase(Locale.ROOT);
        double scale = test.durationMs();
        for (ReportedTest.Connection c : test.connections()) {
            scale = Math.max(scale, Math.max(c.openedMs(), c.closedMs()));
        }
        scale = Math.max(scale, 0.001);
        html.append("<div class=\"test ").append(outcome).append("\"><div class=\"name ").append(outcome).append("\">")
                .append(Html.escape(test.displayName())).append(" <small>").append(outcome).append(", ")
                .append(BuildTotals.plural(test.totals().opened(), "connection")).append(" opened, ")
                .append(test.totals().timeWait()).append(" left in TIME_WAIT");
        if (test.connectionsNotListed() > 0) {
            html.append(", ").append(test.connectionsNotListed()).append(" not shown");
        }
        html.append("</small></div>\n");
        if (!test.connections().isEmpty()) {
            html.append("<div class=\"lane\">");
            for (ReportedTest.Connection c : test.connections()) {
                bar(html, c, scale, test.durationMs());
            }
            html.append("</div><div class=\"scale\">0 to ").append(Decimals.format(scale, 1))
                    .append(" ms</div>\n");
        }
        for (ReportedTest.Verdict verdict : test.verdicts()) {
            html.append("<details class=\"verdict\"><summary>expected to ").append(Html.escape(verdict.check()))
                    .append("</summary><pre>").append(Html.escape(verdict.message().strip()))
                    .append("</pre></details>\n");
        }
        for (ReportedTest.Resource r : test.resources()) {
            if (!r.released()) {
                html.append("<div class=\"failed\">").append(Html.escape(r.kind() + " " + r.target()
                        + " not released, obtained at " + r.site())).append("</div>\n");
            }
        }
        for (String note : test.notes()) {
            html.append("<div class=\"scale\">Note: ").append(Html.escape(note)).append("</div>\n");
        }
        html.append("</div>\n");
    }

    /**
     * One connection: open from opened to closed, then in its final state until the test's states were taken; one
     * still open in this JVM shows its state all along (a CLOSE_WAIT's start is not known).
     */
    private static void bar(StringBuilder html, ReportedTest.Connection c, double scale, double stateAt) {
        String state = switch (c.state()) {
            case "TIME_WAIT", "CLOSE_WAIT", "ESTABLISHED" -> c.state();
            default -> "other";
        };
        String title = c.local() + " -> " + c.remote() + "  " + c.side() + "  " + c.state() + "  "
                + BuildTotals.plural(c.exchanges(), "exchange") + "  closed first: " + c.closedFirst()
                + "  opened at " + c.site();
        html.append("<div class=\"bar\" title=\"").append(Html.escape(title)).append("\">");
        double end = c.isClosed() ? c.closedMs() : Math.max(stateAt, c.openedMs());
        segment(html, c.isClosed() ? "open" : "open " + state, c.openedMs(), end, scale);
        if (c.isClosed()) {
            segment(html, "after " + state, end, Math.max(stateAt, end), scale);
        }
        html.append("</div>");
    }

    private static void segment(StringBuilder html, String classes, double from, double to, double scale) {
        html.append("<div class=\"").append(classes).append("\" style=\"left:").append(percent(from, scale))
                .append(";width:").append(percent(Math.max(to - from, scale / 300), scale)).append("\"></div>");
    }

    private static String percent(double value, double scale) {
        return Decimals.format(Math.min(100, 100 * value / scale), 2) + "%";
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
