package io.socketwatch.audit;

import java.util.Objects;

/**
 * One thing a {@link io.socketwatch.ClientAudit} found in a client's configuration. Immutable.
 *
 * @param severity how bad it is
 * @param client   the client it concerns, e.g. {@code OkHttp} or {@code HikariCP pool "orders"}
 * @param setting  the setting, named as the client's API names it, e.g. {@code callTimeout}
 * @param value    the setting's current value as read, e.g. {@code 0 (none, the default)}
 * @param why      what goes wrong under load, in TCP terms
 * @param fix      what to change
 */
public record Finding(Severity severity, String client, String setting, String value, String why, String fix) {

    public Finding {
        Objects.requireNonNull(severity, "severity");
        requireText(client, "client");
        requireText(setting, "setting");
        requireText(value, "value");
        requireText(why, "why");
        requireText(fix, "fix");
    }

    private static void requireText(String text, String name) {
        Objects.requireNonNull(text, name);
        if (text.isBlank()) {
            throw new IllegalArgumentException(name + " is blank");
        }
    }

    /** Returns the finding on one line: {@code WARNING OkHttp callTimeout = 0 (none)}. */
    @Override
    public String toString() {
        return severity + " " + client + " " + setting + " = " + value;
    }
}
