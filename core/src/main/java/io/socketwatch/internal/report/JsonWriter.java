package io.socketwatch.internal.report;

/**
 * Writes JSON text, compact, one value after another: the caller opens and closes objects and arrays, and names each
 * member. Strings are escaped as RFC 8259 requires (quote, backslash, control characters), and also {@code <},
 * {@code >} and {@code &}, so that the text can be embedded in HTML. Not thread-safe.
 */
final class JsonWriter {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out = new StringBuilder();
    /** Whether the next value or name follows another in the same object or array and needs a comma. */
    private boolean needsComma;

    JsonWriter beginObject() {
        separate();
        out.append('{');
        needsComma = false;
        return this;
    }

    JsonWriter endObject() {
        out.append('}');
        needsComma = true;
        return this;
    }

    JsonWriter beginArray() {
        separate();
        out.append('[');
        needsComma = false;
        return this;
    }

    JsonWriter endArray() {
        out.append(']');
        needsComma = true;
        return this;
    }

    /** Writes a member's name; its value follows. */
    JsonWriter name(String name) {
        separate();
        quote(name);
        out.append(':');
        needsComma = false;
        return this;
    }

    JsonWriter value(String value) {
        separate();
        if (value == null) {
            out.append("null");
        } else {
            quote(value);
        }
        needsComma = true;
        return this;
    }

    JsonWriter value(long value) {
        separate();
        out.append(value);
        needsComma = true;
        return this;
    }

    /** Writes a number with three decimals at most (milliseconds to the microsecond), or null if it is not finite. */
    JsonWriter value(double value) {
        separate();
        out.append(Double.isFinite(value) ? Decimals.format(value, 3) : "null");
        needsComma = true;
        return this;
    }

    JsonWriter value(boolean value) {
        separate();
        out.append(value);
        needsComma = true;
        return this;
    }

    JsonWriter nullValue() {
        separate();
        out.append("null");
        needsComma = true;
        return this;
    }

    /** Returns the text written so far. */
    String text() {
        return out.toString();
    }

    private void separate() {
        if (needsComma) {
            out.append(',');
            needsComma = false;
        }
    }

    private void quote(String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c == '\u2028' || c == '\u2029') {
                        out.append(c == '\u2028' ? "\\u2028" : "\\u2029");
                    } else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                        out.append("\\u00").append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
