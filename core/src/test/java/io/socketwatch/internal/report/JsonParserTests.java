package io.socketwatch.internal.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonParserTests {

    @Test
    @SuppressWarnings("unchecked")
    void readsEveryKindOfValueInMemberOrder() {
        Object value = JsonParser.parse(" {\"b\": [1, -2.5e3, 0.25], \"a\": {\"t\": true, \"f\": false, \"n\": null},"
                + " \"s\": \"q\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\u003c\"}\n");

        assertThat(value).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) value;
        assertThat(object.keySet()).containsExactly("b", "a", "s");
        assertThat(object.get("b")).isEqualTo(List.of(1.0, -2500.0, 0.25));
        assertThat((Map<String, Object>) object.get("a")).containsEntry("t", true).containsEntry("f", false)
                .containsEntry("n", null);
        assertThat(object.get("s")).isEqualTo("q\"\\/\b\f\n\r\té<");
    }

    @Test
    void readsWhatTheWriterWrites() {
        String awkward = "<script>\"&'\u0001\u2028é\n";
        String json = new JsonWriter().beginObject().name(awkward).value(awkward).name("n").value(1.5)
                .name("l").value(42L).name("b").value(true).name("x").nullValue().name("e").beginArray().endArray()
                .endObject().text();

        assertThat(json).doesNotContain("<", ">", "&", "\u2028");
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) JsonParser.parse(json);
        assertThat(object).containsEntry(awkward, awkward).containsEntry("n", 1.5).containsEntry("l", 42.0)
                .containsEntry("b", true).containsEntry("x", null).containsEntry("e", List.of());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                          | line 1, column 1: expected a value",
            "{                           | line 1, column 2: expected a member name in double quotes",
            "{\"a\" 1}                   | line 1, column 6: expected ':'",
            "{\"a\":1,}                  | line 1, column 8: expected a member name in double quotes",
            "[1 2]                       | line 1, column 4: expected ',' or ']'",
            "[1,]                        | line 1, column 4: expected a value",
            "{\"a\":1}x                  | line 1, column 8: expected the end of the text",
            "01                          | line 1, column 2: expected the end of the text",
            "-                           | line 1, column 2: invalid number",
            "1.                          | line 1, column 3: invalid number",
            "tru                         | line 1, column 1: expected a value",
            "\"abc                       | line 1, column 5: unterminated string",
            "\"\\x\"                     | line 1, column 3: invalid escape in a string",
            "\"\\u12g4\"                 | line 1, column 4: invalid \\u escape",
            "{\"a\":1,\"a\":2}           | line 1, column 8: duplicate member \"a\"",
            "'{\n  \"a\": [1,\n  nul]}'  | line 3, column 3: expected a value",
    })
    void refusesMalformedTextNamingLineAndColumn(String text, String message) {
        assertThatThrownBy(() -> JsonParser.parse(text)).isExactlyInstanceOf(MalformedReportException.class)
                .hasMessage(message);
    }

    @Test
    void refusesAControlCharacterInAString() {
        assertThatThrownBy(() -> JsonParser.parse("\"a\u0001\""))
                .hasMessage("line 1, column 3: control character in a string");
    }

    @Test
    void refusesNestingDeeperThanSixtyFourLevelsRatherThanOverflowingTheStack() {
        char[] open = new char[100_000];
        Arrays.fill(open, '[');
        assertThatThrownBy(() -> JsonParser.parse(new String(open)))
                .hasMessage("line 1, column 65: nested deeper than 64 levels");
    }
}
