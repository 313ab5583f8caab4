package io.socketwatch.junit;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the looks at the end of each test class and at the end of the run do with what they find:
 * {@value SocketWatch#SWEEP_CLASS_PROPERTY} and {@value SocketWatch#SWEEP_RUN_PROPERTY}, each {@code fail},
 * {@code report} or {@code off}, both {@code fail} by default.
 */
record SweepModes(Mode forClass, Mode forRun) {

    /** What one look does with what it finds. */
    enum Mode {
        /** Fails the class, or the run's engine container; the report lists it too. */
        FAIL,
        /** Prints it on standard error and lists it in the report; fails nothing. */
        REPORT,
        /** Does not look. */
        OFF
    }

    /** Reads the configuration parameters; an invalid value is an exception naming key and value. */
    static SweepModes from(Function<String, Optional<String>> parameters) {
        return new SweepModes(mode(parameters, SocketWatch.SWEEP_CLASS_PROPERTY),
                mode(parameters, SocketWatch.SWEEP_RUN_PROPERTY));
    }

    /** Whether either look runs, so that what tests leave open must be followed. */
    boolean follow() {
        return forClass != Mode.OFF || forRun != Mode.OFF;
    }

    private static Mode mode(Function<String, Optional<String>> parameters, String key) {
        Optional<String> value = parameters.apply(key);
        if (value.isEmpty()) {
            return Mode.FAIL;
        }
        return switch (value.get().trim().toLowerCase(Locale.ROOT)) {
            case "fail" -> Mode.FAIL;
            case "report" -> Mode.REPORT;
            case "off" -> Mode.OFF;
            default -> throw Settings.invalid(key, value.get(), "expected fail, report or off");
        };
    }
}
