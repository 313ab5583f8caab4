package io.socketwatch.internal.report;

import io.socketwatch.report.KnownFailure;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Baseline files: the known failures of a suite, written from a report directory and read back. One failure per line,
 * so that a diff shows which were added or fixed:
 *
 * <pre>{@code
 * {"format":"socketwatch-baseline","version":1,"knownFailures":[
 * {"class":"com.acme.OrderTest","method":"fetches","check":"leak no connection","site":"Client.java:93"}
 * ]}
 * }</pre>
 */
final class Baselines {

    static final String FORMAT = "socketwatch-baseline";
    static final int VERSION = 1;

    private static final Comparator<KnownFailure> ORDER = Comparator.comparing(KnownFailure::className)
            .thenComparing(KnownFailure::methodName).thenComparing(KnownFailure::check)
            .thenComparing(KnownFailure::site);

    private Baselines() {
    }

    /** The known failure that {@code message}, a failure of the test {@code className.methodName}, is. */
    static KnownFailure of(String className, String methodName, String message) {
        ReportedTest.Verdict verdict = Causes.verdict(message);
        return new KnownFailure(className, methodName, verdict.check(), verdict.site());
    }

    /** Writes every failure of the reports' tests, known or new, each once, in a stable order. */
    static String write(List<ReportFile> reports) {
        TreeSet<KnownFailure> failures = new TreeSet<>(ORDER);
        for (ReportFile report : reports) {
            for (ReportedTest test : report.tests()) {
                for (ReportedTest.Verdict verdict : test.verdicts()) {
                    if (verdict.later()) {
                        continue; // a sweep's finding fails a class or the run: the baseline does not cover those
                    }
                    failures.add(new KnownFailure(test.className(), test.methodName(), verdict.check(),
                            verdict.site()));
                }
            }
        }
        StringBuilder out = new StringBuilder("{\"format\":\"" + FORMAT + "\",\"version\":" + VERSION
                + ",\"knownFailures\":[\n");
        String separator = "";
        for (KnownFailure failure : failures) {
            out.append(separator).append(write(new JsonWriter(), failure).text());
            separator = ",\n";
        }
        return out.append("\n]}\n").toString();
    }

    /** Writes one known failure as an object: class, method, check and site; the report's fixed ones too. */
    static JsonWriter write(JsonWriter json, KnownFailure failure) {
        return json.beginObject().name("class").value(failure.className()).name("method").value(failure.methodName())
                .name("check").value(failure.check()).name("site").value(failure.site()).endObject();
    }

    /** Reads a baseline file's text; {@code MalformedReportException} says what is wrong and where. */
    static List<KnownFailure> read(String text) {
        Object root = JsonParser.parse(text);
        if (!(root instanceof Map<?, ?> members) || !FORMAT.equals(members.get("format"))) {
            throw new MalformedReportException("not a socketwatch baseline: \"format\" is not \"" + FORMAT + "\"");
        }
        if (!Double.valueOf(VERSION).equals(members.get("version"))) {
            throw new MalformedReportException("baseline format version " + members.get("version")
                    + ", this socketwatch reads version " + VERSION);
        }
        if (!(members.get("knownFailures") instanceof List<?> entries)) {
            throw new MalformedReportException("the baseline: \"knownFailures\" is not an array");
        }
        List<KnownFailure> failures = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String where = "knownFailures[" + i + "]";
            if (!(entries.get(i) instanceof Map<?, ?> entry)) {
                throw new MalformedReportException(where + ": expected an object");
            }
            failures.add(new KnownFailure(string(entry, "class", where), string(entry, "method", where),
                    string(entry, "check", where), string(entry, "site", where)));
        }
        return failures;
    }

    private static String string(Map<?, ?> entry, String name, String where) {
        if (!(entry.get(name) instanceof String value)) {
            throw new MalformedReportException(where + ": \"" + name + "\" is missing or not a string");
        }
        return value;
    }
}
