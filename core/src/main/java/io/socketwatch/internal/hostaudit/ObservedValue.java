package io.socketwatch.internal.hostaudit;

import java.util.Objects;

/**
 * One fact about the host as the audit read it (a kernel setting, the distribution): its value, or why it is unknown.
 *
 * @param name   the fact's name, e.g. the sysctl {@code net.ipv4.ip_local_port_range}
 * @param value  the value with white space folded, or {@code null} when unknown
 * @param reason why the value is unknown; {@code null} when it is known
 */
record ObservedValue(String name, String value, String reason) {

    ObservedValue {
        Objects.requireNonNull(name, "name");
        if ((value == null) == (reason == null)) {
            throw new IllegalArgumentException("a fact has either a value or a reason: " + name);
        }
    }

    static ObservedValue known(String name, String value) {
        return new ObservedValue(name, value.trim().replaceAll("\\s+", " "), null);
    }

    static ObservedValue unknown(String name, String reason) {
        return new ObservedValue(name, null, reason);
    }

    boolean isKnown() {
        return value != null;
    }

    /** Returns the value, or {@code unknown (reason)}. */
    String display() {
        return isKnown() ? value : "unknown (" + reason + ")";
    }
}
