package io.socketwatch.junit;

import io.socketwatch.error.ShouldNotLeakAfterTheirTests.Leak;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.assertj.core.description.TextDescription;
import org.assertj.core.error.ErrorMessageFactory;
import org.assertj.core.presentation.StandardRepresentation;

/**
 * Turns what a sweep found into its failure, and hands the build report, for each test that opened a leaked
 * connection, the message of that test's leaks alone, so that the report lists each under its test.
 */
final class SweepVerdict {

    private SweepVerdict() {
    }

    /**
     * Returns the failure that lists {@code leaks}, empty when there are none, and hands each opener's part to the
     * report; {@code message} makes the failure message of a list of leaks.
     */
    static Optional<AssertionError> of(List<SweptLeak> leaks, Function<List<Leak>, ErrorMessageFactory> message) {
        if (leaks.isEmpty()) {
            return Optional.empty();
        }
        Map<String, List<Leak>> byTest = new LinkedHashMap<>();
        List<Leak> all = new ArrayList<>();
        for (SweptLeak leak : leaks) {
            byTest.computeIfAbsent(leak.testId(), id -> new ArrayList<>()).add(leak.leak());
            all.add(leak.leak());
        }
        byTest.forEach((testId, own) -> ReportCollector.offerLater(testId, render(message.apply(own))));
        return Optional.of(new AssertionError(render(message.apply(all))));
    }

    private static String render(ErrorMessageFactory message) {
        return message.create(new TextDescription(""), StandardRepresentation.STANDARD_REPRESENTATION);
    }
}
