package io.socketwatch.internal.audit;

import java.util.Objects;

/**
 * One kernel setting as the audit found it: its value, or why it is unknown.
 *
 * @param name   the sysctl name, e.g. {@code net.ipv4.ip_local_port_range}
 * @param value  the value with white space folded, or {@code null} when unknown
 * @param reason why the value is unknown; {@code null} when it is known
 */
record Setting(String name, String value, String reason) {

    Setting {
        Objects.requireNonNull(name, "name");
        if ((value == null) == (reason == null)) {
            throw new IllegalArgumentException("a setting has either a value or a reason: " + name);
        }
    }

    static Setting known(String name, String value) {
        return new Setting(name, value.trim().replaceAll("\\s+", " "), null);
    }

    static Setting unknown(String name, String reason) {
        return new Setting(name, null, reason);
    }

    boolean isKnown() {
        return value != null;
    }

    /** Returns the value, or {@code unknown (reason)}. */
    String display() {
        return isKnown() ? value : "unknown (" + reason + ")";
    }
}
