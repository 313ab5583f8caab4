package io.socketwatch.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DecimalsTests {

    @ParameterizedTest
    @CsvSource({
            "0, 3, 0.000", "1.5, 3, 1.500", "0.0004, 3, 0.000", "0.0005, 3, 0.001", "12.3456, 2, 12.35",
            "99.995, 1, 100.0", "1.66666, 1, 1.7", "7.5, 0, 8", "-2.25, 2, -2.25", "-0.0001, 3, 0.000",
            "1234567.891, 3, 1234567.891"})
    void roundsHalfUpToTheGivenDecimals(double value, int decimals, String expected) {
        assertThat(Decimals.format(value, decimals)).isEqualTo(expected);
    }
}
