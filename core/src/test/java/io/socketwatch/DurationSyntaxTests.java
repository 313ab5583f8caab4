package io.socketwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationSyntaxTests {

    @Test
    void acceptsWholeMillisecondsAndSeconds() {
        assertThat(DurationSyntax.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationSyntax.parse("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(DurationSyntax.parse(" 300 MS ")).isEqualTo(Duration.ofMillis(300));
        assertThat(DurationSyntax.parse("0s")).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            10h        | unit 'h' is not supported; expected a whole number followed by ms or s, e.g. 500ms or 2s
            1m         | unit 'm' is not supported; expected a whole number followed by ms or s, e.g. 500ms or 2s
            1 minute   | unit 'minute' is not supported; expected a whole number followed by ms or s, e.g. 500ms or 2s
            PT2S       | ISO-8601 durations are not supported (write 2s for PT2S); expected a whole number followed by ms or s, e.g. 500ms or 2s
            PT0.25S    | ISO-8601 durations are not supported (write 250ms for PT0.25S); expected a whole number followed by ms or s, e.g. 500ms or 2s
            -1s        | a duration cannot be negative; expected a whole number followed by ms or s, e.g. 500ms or 2s
            500        | no unit; expected a whole number followed by ms or s, e.g. 500ms or 2s
            1.5s       | not a whole number; expected a whole number followed by ms or s, e.g. 500ms or 2s
            soon       | not a duration; expected a whole number followed by ms or s, e.g. 500ms or 2s
            99999999999999999999s | too large; expected a whole number followed by ms or s, e.g. 500ms or 2s
            """)
    void saysWhatIsWrongAndWhatIsAccepted(String value, String message) {
        assertThatThrownBy(() -> DurationSyntax.parse(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
