package io.socketwatch.internal.report;

/**
 * Formats non-negative and negative numbers with a fixed number of decimals, rounded half up, without
 * {@code String.format}: a report of thousands of tests formats tens of thousands of numbers, and the formatter's
 * first use alone costs a cold JVM a noticeable part of a second.
 */
final class Decimals {

    private static final long[] SCALES = {1, 10, 100, 1_000};

    private Decimals() {
    }

    /** Returns {@code value} with {@code decimals} (0 to 3) digits after the point, e.g. {@code 1.250}. */
    static String format(double value, int decimals) {
        long scale = SCALES[decimals];
        long scaled = Math.round(Math.abs(value) * scale);
        StringBuilder out = new StringBuilder(12);
        if (value < 0 && scaled != 0) {
            out.append('-');
        }
        out.append(scaled / scale);
        if (decimals > 0) {
            String fraction = Long.toString(scaled % scale);
            out.append('.').append("000", 0, decimals - fraction.length()).append(fraction);
        }
        return out.toString();
    }
}
