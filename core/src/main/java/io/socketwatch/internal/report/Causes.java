package io.socketwatch.internal.report;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the cause out of a failure message, so that failures with one cause are told once: the check is what the
 * message expected ("Expecting socket activity to <expectation>, but ..."), and the site is where the first connection
 * or resource it lists was opened or obtained. Relies on the layout every {@code Should...} factory follows.
 */
final class Causes {

    /** What a test's checks expected, or what the looks at the end of a class or the run did. */
    private static final Pattern EXPECTATION = Pattern.compile(
            "Expecting (?:socket activity|the connections that .+? left open) to (.+?)(?:, but |\\n|$)");
    private static final Pattern SITE = Pattern.compile("(?:opened|obtained) at \\S+?\\(([^()\\s]+)\\)");
    private static final String UNINSTRUMENTED = "opened by code socketwatch does not instrument";

    private Causes() {
    }

    /** Returns the verdict of {@code message}: its check and site, {@code unknown site} when it names none. */
    static ReportedTest.Verdict verdict(String message) {
        return verdict(message, false);
    }

    /** Returns the verdict of {@code message}, known to the baseline or not. */
    static ReportedTest.Verdict verdict(String message, boolean known) {
        return verdict(message, known, false);
    }

    /** Returns the verdict of {@code message}, of a look after the test ended when {@code later}. */
    static ReportedTest.Verdict verdict(String message, boolean known, boolean later) {
        Matcher expectation = EXPECTATION.matcher(message);
        String check = expectation.find() ? expectation.group(1) : firstLine(message);
        Matcher site = SITE.matcher(message);
        String location;
        if (site.find()) {
            location = site.group(1);
        } else if (message.contains(UNINSTRUMENTED)) {
            location = "code socketwatch does not instrument";
        } else {
            location = "unknown site";
        }
        return new ReportedTest.Verdict(check, location, message, known, later);
    }

    private static String firstLine(String message) {
        for (String line : message.split("\n")) {
            if (!line.isBlank()) {
                return line.strip();
            }
        }
        return "unknown check";
    }
}
