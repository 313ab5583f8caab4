package io.socketwatch.junit;

import io.socketwatch.SocketWatchReport;
import io.socketwatch.report.KnownFailure;
import io.socketwatch.report.WatchedTest;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The known failures of {@value SocketWatch#BASELINE_FILE_PROPERTY}: which of a test's failures do not fail it, and
 * which listed failures no longer occur. Immutable.
 */
final class Baseline {

    static final Baseline NONE = new Baseline(Set.of());

    private final Set<KnownFailure> known;

    private Baseline(Set<KnownFailure> known) {
        this.known = known;
    }

    /** Reads the file the parameter names; one that cannot be read or parsed is an error naming it. */
    static Baseline fromParameters(Function<String, Optional<String>> parameters) {
        Optional<String> value = parameters.apply(SocketWatch.BASELINE_FILE_PROPERTY);
        if (value.isEmpty() || value.get().isBlank()) {
            return NONE;
        }
        Path file;
        try {
            file = Path.of(value.get().trim());
        } catch (InvalidPathException e) {
            throw Settings.invalid(SocketWatch.BASELINE_FILE_PROPERTY, value.get(), "expected a file (" + e.getReason()
                    + ")");
        }
        try {
            return new Baseline(new LinkedHashSet<>(SocketWatchReport.readBaseline(file)));
        } catch (IllegalArgumentException e) { // malformed, naming the file and where
            throw Settings.invalid(SocketWatch.BASELINE_FILE_PROPERTY, value.get(), e.getMessage());
        } catch (IOException e) {
            throw Settings.invalid(SocketWatch.BASELINE_FILE_PROPERTY, value.get(), "cannot read it (" + e + ")");
        }
    }

    /** Returns those of {@code failures} of the test {@code className.methodName} that the baseline lists. */
    List<AssertionError> knownAmong(String className, String methodName, List<AssertionError> failures) {
        List<AssertionError> among = new ArrayList<>();
        for (AssertionError failure : failures) {
            if (known.contains(SocketWatchReport.knownFailure(className, methodName,
                    String.valueOf(failure.getMessage())))) {
                among.add(failure);
            }
        }
        return among;
    }

    /** Returns the listed failures whose test ran among {@code tests} and no longer failed with them. */
    List<KnownFailure> fixed(List<WatchedTest> tests) {
        if (known.isEmpty()) {
            return List.of();
        }
        Set<String> ran = new HashSet<>();
        Set<KnownFailure> occurred = new HashSet<>();
        for (WatchedTest test : tests) {
            ran.add(test.className() + "#" + test.methodName());
            for (List<String> messages : List.of(test.failures(), test.knownFailures())) {
                for (String message : messages) {
                    occurred.add(SocketWatchReport.knownFailure(test.className(), test.methodName(), message));
                }
            }
        }
        List<KnownFailure> fixed = new ArrayList<>();
        for (KnownFailure entry : known) {
            if (ran.contains(entry.className() + "#" + entry.methodName()) && !occurred.contains(entry)) {
                fixed.add(entry);
            }
        }
        return fixed;
    }
}
