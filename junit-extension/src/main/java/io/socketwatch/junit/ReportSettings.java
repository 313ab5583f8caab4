package io.socketwatch.junit;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Whether the build report is written, and where: {@value SocketWatch#REPORT_ENABLED_PROPERTY} and
 * {@value SocketWatch#REPORT_DIR_PROPERTY}.
 *
 * @param dir the report directory, relative to the working directory unless absolute
 */
record ReportSettings(boolean enabled, Path dir) {

    static final Path DEFAULT_DIR = Path.of("target", "socketwatch");

    /** Reads the configuration parameters; an invalid value is an {@link ExtensionConfigurationException} naming it. */
    static ReportSettings fromParameters(Function<String, Optional<String>> parameters) {
        boolean enabled = parameters.apply(SocketWatch.REPORT_ENABLED_PROPERTY)
                .map(value -> switch (value.trim().toLowerCase(Locale.ROOT)) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw Settings.invalid(SocketWatch.REPORT_ENABLED_PROPERTY, value,
                            "expected true or false");
                })
                .orElse(true);
        Path dir = parameters.apply(SocketWatch.REPORT_DIR_PROPERTY).map(ReportSettings::parseDir).orElse(DEFAULT_DIR);
        return new ReportSettings(enabled, dir);
    }

    private static Path parseDir(String value) {
        if (value.isBlank()) {
            throw Settings.invalid(SocketWatch.REPORT_DIR_PROPERTY, value, "expected a directory");
        }
        try {
            return Path.of(value.trim());
        } catch (InvalidPathException e) {
            throw Settings.invalid(SocketWatch.REPORT_DIR_PROPERTY, value,
                    "expected a directory (" + e.getReason() + ")");
        }
    }
}
