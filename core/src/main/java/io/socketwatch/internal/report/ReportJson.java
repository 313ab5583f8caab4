package io.socketwatch.internal.report;

import io.socketwatch.report.KnownFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A report file's JSON, version {@value #VERSION} of the format {@code docs/report-format.md} describes: written from
 * a {@link ReportFile} and read back into one. Reading is strict: a member of the wrong type or missing is a
 * {@link MalformedReportException} naming it; members it does not know are ignored, so that later versions can add
 * some.
 */
final class ReportJson {

    /** The format's name, the value of the file's {@code format} member. */
    static final String FORMAT = "socketwatch-report";
    /** The version of the format this class writes and reads. */
    static final int VERSION = 1;

    private ReportJson() {
    }

    static String write(ReportFile file) {
        JsonWriter json = new JsonWriter().beginObject()
                .name("format").value(FORMAT)
                .name("version").value(VERSION)
                .name("runId").value(file.runId())
                .name("finishedAt").value(file.finishedAt())
                .name("ephemeralPorts").value(file.ephemeralPorts())
                .name("tests").beginArray();
        for (ReportedTest test : file.tests()) {
            writeTest(json, test);
        }
        json.endArray().name("fixed").beginArray();
        file.fixed().forEach(fixed -> Baselines.write(json, fixed));
        return json.endArray().endObject().text() + "\n";
    }

    private static void writeTest(JsonWriter json, ReportedTest test) {
        json.beginObject()
                .name("class").value(test.className())
                .name("method").value(test.methodName())
                .name("displayName").value(test.displayName())
                .name("outcome").value(test.outcome())
                .name("durationMs").value(test.durationMs())
                .name("totals").beginObject()
                .name("opened").value(test.totals().opened())
                .name("reused").value(test.totals().reused())
                .name("timeWait").value(test.totals().timeWait())
                .endObject()
                .name("connections").beginArray();
        for (ReportedTest.Connection c : test.connections()) {
            json.beginObject()
                    .name("local").value(c.local()).name("remote").value(c.remote())
                    .name("side").value(c.side()).name("origin").value(c.origin())
                    .name("openedMs").value(c.openedMs());
            json.name("closedMs");
            if (c.isClosed()) {
                json.value(c.closedMs());
            } else {
                json.nullValue();
            }
            json.name("exchanges").value(c.exchanges()).name("closedFirst").value(c.closedFirst())
                    .name("state").value(c.state()).name("droppedWithoutClose").value(c.droppedWithoutClose())
                    .name("site").value(c.site()).name("location").value(c.location())
                    .endObject();
        }
        json.endArray().name("connectionsNotListed").value(test.connectionsNotListed()).name("resources").beginArray();
        for (ReportedTest.Resource r : test.resources()) {
            json.beginObject().name("kind").value(r.kind()).name("target").value(r.target())
                    .name("site").value(r.site())
                    .name("acquiredMs").value(r.acquiredMs()).name("released").value(r.released()).endObject();
        }
        json.endArray().name("verdicts").beginArray();
        for (ReportedTest.Verdict v : test.verdicts()) {
            json.beginObject().name("check").value(v.check()).name("site").value(v.site())
                    .name("message").value(v.message()).name("known").value(v.known()).name("later").value(v.later())
                    .endObject();
        }
        json.endArray().name("notes").beginArray();
        test.notes().forEach(json::value);
        json.endArray().endObject();
    }

    /** Reads a report file's text; {@code MalformedReportException} names what is wrong and where. */
    static ReportFile read(String text) {
        Members root = new Members("the report", object(JsonParser.parse(text), "the report"));
        if (!FORMAT.equals(root.map.get("format"))) {
            throw new MalformedReportException("not a socketwatch report: \"format\" is not \"" + FORMAT + "\"");
        }
        long version = root.whole("version");
        if (version != VERSION) {
            throw new MalformedReportException("report format version " + version + ", this socketwatch reads version "
                    + VERSION);
        }
        List<ReportedTest> tests = new ArrayList<>();
        int index = 0;
        for (Object test : root.list("tests")) {
            String at = "tests[" + index++ + "]";
            tests.add(readTest(new Members(at, object(test, at))));
        }
        List<KnownFailure> fixed = new ArrayList<>();
        for (Members f : root.objects("fixed")) {
            fixed.add(new KnownFailure(f.string("class"), f.string("method"), f.string("check"), f.string("site")));
        }
        return new ReportFile(root.string("runId"), root.string("finishedAt"), (int) root.whole("ephemeralPorts"),
                tests, fixed);
    }

    private static ReportedTest readTest(Members test) {
        Members totals = test.object("totals");
        List<ReportedTest.Connection> connections = new ArrayList<>();
        for (Members c : test.objects("connections")) {
            connections.add(new ReportedTest.Connection(c.string("local"), c.string("remote"), c.string("side"),
                    c.string("origin"), c.number("openedMs"), c.map.get("closedMs") == null ? -1 : c.number("closedMs"),
                    c.whole("exchanges"), c.string("closedFirst"), c.string("state"), c.bool("droppedWithoutClose"),
                    c.string("site"), c.string("location")));
        }
        List<ReportedTest.Resource> resources = new ArrayList<>();
        for (Members r : test.objects("resources")) {
            resources.add(new ReportedTest.Resource(r.string("kind"), r.string("target"), r.string("site"),
                    r.number("acquiredMs"), r.bool("released")));
        }
        List<ReportedTest.Verdict> verdicts = new ArrayList<>();
        for (Members v : test.objects("verdicts")) {
            verdicts.add(new ReportedTest.Verdict(v.string("check"), v.string("site"), v.string("message"),
                    v.bool("known"), v.map.containsKey("later") && v.bool("later"))); // files before it have none
        }
        List<String> notes = new ArrayList<>();
        for (Object note : test.list("notes")) {
            if (!(note instanceof String text)) {
                throw new MalformedReportException(test.where + ".notes: expected strings");
            }
            notes.add(text);
        }
        return new ReportedTest(test.string("class"), test.string("method"), test.string("displayName"),
                test.string("outcome"), test.number("durationMs"),
                new ReportedTest.Totals(totals.whole("opened"), totals.whole("reused"), totals.whole("timeWait")),
                connections, test.whole("connectionsNotListed"), resources, verdicts, notes);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String where) {
        if (!(value instanceof Map)) {
            throw new MalformedReportException(where + ": expected an object");
        }
        return (Map<String, Object>) value;
    }

    /** An object's members, read by type; {@code where} names the object in errors, e.g. {@code tests[3]}. */
    private record Members(String where, Map<String, Object> map) {

        String string(String name) {
            if (!(get(name) instanceof String value)) {
                throw wrongType(name, "a string");
            }
            return value;
        }

        double number(String name) {
            if (!(get(name) instanceof Double value)) {
                throw wrongType(name, "a number");
            }
            return value;
        }

        long whole(String name) {
            double value = number(name);
            if (value != Math.rint(value) || Math.abs(value) > 1e15) {
                throw wrongType(name, "a whole number");
            }
            return (long) value;
        }

        boolean bool(String name) {
            if (!(get(name) instanceof Boolean value)) {
                throw wrongType(name, "true or false");
            }
            return value;
        }

        List<?> list(String name) {
            if (!(get(name) instanceof List<?> value)) {
                throw wrongType(name, "an array");
            }
            return value;
        }

        Members object(String name) {
            return new Members(where + "." + name, ReportJson.object(get(name), where + "." + name));
        }

        List<Members> objects(String name) {
            List<Members> objects = new ArrayList<>();
            int index = 0;
            for (Object each : list(name)) {
                String at = where + "." + name + "[" + index++ + "]";
                objects.add(new Members(at, ReportJson.object(each, at)));
            }
            return objects;
        }

        private Object get(String name) {
            if (!map.containsKey(name)) {
                throw new MalformedReportException(where + ": missing \"" + name + "\"");
            }
            return map.get(name);
        }

        private MalformedReportException wrongType(String name, String expected) {
            return new MalformedReportException(where + "." + name + ": expected " + expected);
        }
    }
}
