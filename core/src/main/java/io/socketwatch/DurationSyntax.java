package io.socketwatch;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The durations socketwatch's configuration parameters, {@code @SocketWatch} attributes and command line accept: a
 * whole number, 0 or more, followed by {@code ms} or {@code s}, e.g. {@code 500ms} or {@code 2s} (a space before the
 * unit and upper case are allowed). Minutes, hours and ISO-8601 ({@code PT2S}) are not accepted: {@code m} would read
 * as minutes to some and milliseconds to others, and the timeouts configured here are well under a minute.
 */
public final class DurationSyntax {

    /** What a duration looks like, for error messages: {@value}. */
    public static final String ACCEPTED = "a whole number followed by ms or s, e.g. 500ms or 2s";

    private static final Pattern FORM = Pattern.compile("([-+]?)([0-9]*\\.?[0-9]*)\\s*(\\p{Alpha}*)");

    private DurationSyntax() {
    }

    /**
     * Parses {@code text}, as described above.
     *
     * @throws IllegalArgumentException if {@code text} is not such a duration; the message says what is wrong and
     *                                  which forms are accepted, e.g. {@code unit 'h' is not supported; expected a
     *                                  whole number followed by ms or s, e.g. 500ms or 2s}
     */
    public static Duration parse(String text) {
        String trimmed = text.trim();
        Matcher form = FORM.matcher(trimmed);
        if (!form.matches() || form.group(2).isEmpty() || form.group(2).equals(".")) {
            throw new IllegalArgumentException(isoForm(trimmed) + "expected " + ACCEPTED);
        }
        String unit = form.group(3).toLowerCase(Locale.ROOT);
        if (unit.isEmpty()) {
            throw new IllegalArgumentException("no unit; expected " + ACCEPTED);
        }
        if (!unit.equals("ms") && !unit.equals("s")) {
            throw new IllegalArgumentException("unit '" + form.group(3) + "' is not supported; expected " + ACCEPTED);
        }
        if (form.group(1).equals("-")) {
            throw new IllegalArgumentException("a duration cannot be negative; expected " + ACCEPTED);
        }
        if (form.group(2).contains(".")) {
            throw new IllegalArgumentException("not a whole number; expected " + ACCEPTED);
        }
        try {
            long amount = Long.parseLong(form.group(2));
            return unit.equals("ms") ? Duration.ofMillis(amount) : Duration.ofSeconds(amount);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("too large; expected " + ACCEPTED, e);
        }
    }

    /** Returns what is wrong with an ISO-8601 duration, with the accepted form of it; else "not a duration; ". */
    private static String isoForm(String text) {
        try {
            long millis = Duration.parse(text).toMillis();
            String equivalent = millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
            return "ISO-8601 durations are not supported (write " + equivalent + " for " + text + "); ";
        } catch (DateTimeParseException | ArithmeticException e) {
            return "not a duration; ";
        }
    }
}
