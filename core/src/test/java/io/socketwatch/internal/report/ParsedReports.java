package io.socketwatch.internal.report;

/** Parses report JSON for tests outside this package, such as the JUnit extension's: the report's own strict parser. */
public final class ParsedReports {

    private ParsedReports() {
    }

    /** Parses {@code json}: objects as maps in member order, arrays as lists, numbers as {@code Double}. */
    public static Object parse(String json) {
        return JsonParser.parse(json);
    }
}
