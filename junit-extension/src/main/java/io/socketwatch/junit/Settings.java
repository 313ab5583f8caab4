package io.socketwatch.junit;

import io.socketwatch.DurationSyntax;
import io.socketwatch.junit.SocketWatch.Check;
import io.socketwatch.model.UntrackedSockets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * What the extension does for one test: which checks, how many TIME_WAIT connections it allows in all, how long it
 * lets connections settle, which endpoints it ignores, and whether it looks for sockets the agent does not see.
 * Parsed from configuration parameters once per run, then overridden by a test's {@link SocketWatch} attributes.
 *
 * @param allowedTimeWait {@code -1} for no bound
 * @param ignore          endpoints as {@code host:port}
 * @param ignoreOpenedBy  class or package name prefixes of test infrastructure, beyond socketwatch's own list
 * @param untracked       whether CLOSE_WAIT checks look for sockets the agent does not see
 */
record Settings(Set<Check> checks, int allowedTimeWait, Duration settleTimeout, List<HostPort> ignore,
                List<String> ignoreOpenedBy, UntrackedSockets untracked) {

    static final Settings DEFAULTS = new Settings(EnumSet.allOf(Check.class), -1, Duration.ofSeconds(1), List.of(),
            List.of(), UntrackedSockets.AUTO);

    /** A class or package name, or the start of one: Java identifiers joined by dots, with or without a last dot. */
    private static final Pattern CLASS_NAME_PREFIX =
            Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*(\\.\\p{javaJavaIdentifierStart}"
                    + "\\p{javaJavaIdentifierPart}*)*\\.?");

    /** A {@code host:port} an attribute or parameter names. */
    record HostPort(String host, int port) {
    }

    Settings {
        checks = checks.isEmpty() ? EnumSet.noneOf(Check.class) : EnumSet.copyOf(checks);
        ignore = List.copyOf(ignore);
        ignoreOpenedBy = List.copyOf(ignoreOpenedBy);
    }

    /** Reads the configuration parameters; an invalid value names its key and value. */
    static Settings fromParameters(Function<String, Optional<String>> parameters) {
        Settings settings = DEFAULTS;
        Optional<String> checks = parameters.apply(SocketWatch.CHECKS_PROPERTY);
        Optional<String> allowed = parameters.apply(SocketWatch.ALLOWED_TIME_WAIT_PROPERTY);
        Optional<String> settle = parameters.apply(SocketWatch.SETTLE_TIMEOUT_PROPERTY);
        Optional<String> ignore = parameters.apply(SocketWatch.IGNORE_PROPERTY);
        Optional<String> ignoreOpenedBy = parameters.apply(SocketWatch.IGNORE_OPENED_BY_PROPERTY);
        Optional<String> untracked = parameters.apply(SocketWatch.UNTRACKED_CLOSE_WAIT_PROPERTY);
        return new Settings(
                checks.map(value -> parseChecks(SocketWatch.CHECKS_PROPERTY, value)).orElse(settings.checks),
                allowed.map(value -> parseAllowed(SocketWatch.ALLOWED_TIME_WAIT_PROPERTY, value))
                        .orElse(settings.allowedTimeWait),
                settle.map(value -> parseDuration(SocketWatch.SETTLE_TIMEOUT_PROPERTY, value))
                        .orElse(settings.settleTimeout),
                ignore.map(value -> parseEndpoints(SocketWatch.IGNORE_PROPERTY, List.of(value.split(","))))
                        .orElse(settings.ignore),
                ignoreOpenedBy.map(value -> parsePrefixes(SocketWatch.IGNORE_OPENED_BY_PROPERTY,
                        List.of(value.split(",")))).orElse(settings.ignoreOpenedBy),
                untracked.map(value -> parseUntracked(SocketWatch.UNTRACKED_CLOSE_WAIT_PROPERTY, value))
                        .orElse(settings.untracked));
    }

    /**
     * Returns what the window looks for: sockets the agent does not see only when a CLOSE_WAIT check runs, since
     * nothing else judges them.
     */
    UntrackedSockets untrackedToLookFor() {
        return checks.contains(Check.CLOSE_WAIT) || checks.contains(Check.CONNECTION_LEAK) ? untracked
                : UntrackedSockets.OFF;
    }

    /** Applies the attributes of {@code annotation} that are not left at their defaults. */
    Settings with(SocketWatch annotation) {
        Set<Check> checks = annotation.checks().length == 0 ? this.checks : EnumSet.copyOf(List.of(annotation.checks()));
        int allowed = this.allowedTimeWait;
        if (annotation.allowedTimeWait() != -1) {
            if (annotation.allowedTimeWait() < 0) {
                throw invalid("@SocketWatch(allowedTimeWait)", Integer.toString(annotation.allowedTimeWait()),
                        "expected 0 or more, or -1 for the configuration parameter");
            }
            allowed = annotation.allowedTimeWait();
        }
        Duration settle = annotation.settleTimeout().isEmpty() ? this.settleTimeout
                : parseDuration("@SocketWatch(settleTimeout)", annotation.settleTimeout());
        List<HostPort> ignored = new ArrayList<>(this.ignore);
        ignored.addAll(parseEndpoints("@SocketWatch(ignore)", List.of(annotation.ignore())));
        List<String> openedBy = new ArrayList<>(this.ignoreOpenedBy);
        openedBy.addAll(parsePrefixes("@SocketWatch(ignoreOpenedBy)", List.of(annotation.ignoreOpenedBy())));
        UntrackedSockets untracked = annotation.untrackedCloseWait().isEmpty() ? this.untracked
                : parseUntracked("@SocketWatch(untrackedCloseWait)", annotation.untrackedCloseWait());
        return new Settings(checks, allowed, settle, ignored, openedBy, untracked);
    }

    private static UntrackedSockets parseUntracked(String key, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> UntrackedSockets.AUTO;
            case "on" -> UntrackedSockets.ON;
            case "off" -> UntrackedSockets.OFF;
            default -> throw invalid(key, value, "expected auto, on or off");
        };
    }

    private static Set<Check> parseChecks(String key, String value) {
        String trimmed = value.trim();
        if (trimmed.equalsIgnoreCase("none")) {
            return EnumSet.noneOf(Check.class);
        }
        Set<Check> checks = EnumSet.noneOf(Check.class);
        for (String name : trimmed.split(",")) {
            try {
                checks.add(Check.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw invalid(key, value, "expected a comma-separated list of " + List.of(Check.values()) + ", or none");
            }
        }
        return checks;
    }

    private static int parseAllowed(String key, String value) {
        if (value.trim().equalsIgnoreCase("unlimited")) {
            return -1;
        }
        try {
            int allowed = Integer.parseInt(value.trim());
            if (allowed >= 0) {
                return allowed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(key, value, "expected a whole number, 0 or more, or unlimited");
    }

    static Duration parseDuration(String key, String value) {
        try {
            return DurationSyntax.parse(value);
        } catch (IllegalArgumentException e) {
            throw invalid(key, value, e.getMessage());
        }
    }

    private static List<HostPort> parseEndpoints(String key, List<String> values) {
        List<HostPort> endpoints = new ArrayList<>();
        for (String raw : values) {
            String value = raw.trim();
            if (value.isEmpty()) {
                continue;
            }
            int colon = value.lastIndexOf(':');
            try {
                String host = value.substring(0, colon).replace("[", "").replace("]", "");
                int port = Integer.parseInt(value.substring(colon + 1));
                if (colon > 0 && port >= 0 && port <= 65535 && !host.isEmpty()) {
                    endpoints.add(new HostPort(host, port));
                    continue;
                }
            } catch (RuntimeException e) {
                // reported below
            }
            throw invalid(key, raw, "expected host:port, e.g. localhost:8080 or [::1]:8080");
        }
        return endpoints;
    }

    private static List<String> parsePrefixes(String key, List<String> values) {
        List<String> prefixes = new ArrayList<>();
        for (String raw : values) {
            String value = raw.trim();
            if (value.isEmpty()) {
                continue;
            }
            if (!CLASS_NAME_PREFIX.matcher(value).matches()) {
                throw invalid(key, raw, "expected class or package name prefixes, comma-separated, e.g. "
                        + "com.acme.testsupport. or com.acme.FakeServer");
            }
            prefixes.add(value);
        }
        return prefixes;
    }

    static ExtensionConfigurationException invalid(String key, String value, String expected) {
        return new ExtensionConfigurationException(
                "socketwatch: invalid value '" + value + "' for " + key + ": " + expected);
    }
}
