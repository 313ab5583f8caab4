package io.socketwatch.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socketwatch.model.UntrackedSockets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How the look for sockets the agent does not see is configured: parameter, attribute, and the checks it serves. */
class SettingsTests {

    @Test
    void looksForUntrackedSocketsAutomaticallyByDefault() {
        assertThat(Settings.fromParameters(key -> Optional.empty()).untracked()).isEqualTo(UntrackedSockets.AUTO);
    }

    @ParameterizedTest
    @CsvSource({"auto, AUTO", "on, ON", "off, OFF", "' ON ', ON", "Off, OFF"})
    void readsTheParameterWhateverItsCaseAndSpaces(String value, UntrackedSockets expected) {
        assertThat(parameters(Map.of(SocketWatch.UNTRACKED_CLOSE_WAIT_PROPERTY, value)).untracked())
                .isEqualTo(expected);
    }

    @Test
    void rejectsAnyOtherValueNamingTheKeyAndTheValue() {
        assertThatThrownBy(() -> parameters(Map.of(SocketWatch.UNTRACKED_CLOSE_WAIT_PROPERTY, "true")))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("socketwatch: invalid value 'true' for socketwatch.closewait.untracked.default: "
                        + "expected auto, on or off");
    }

    @Test
    void theAttributeOverridesTheParameterAndAnEmptyOneKeepsIt() throws NoSuchMethodException {
        Settings on = parameters(Map.of(SocketWatch.UNTRACKED_CLOSE_WAIT_PROPERTY, "on"));

        assertThat(on.with(annotation("off")).untracked()).isEqualTo(UntrackedSockets.OFF);
        assertThat(on.with(annotation("defaults")).untracked()).isEqualTo(UntrackedSockets.ON);
        assertThatThrownBy(() -> on.with(annotation("invalid")))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("socketwatch: invalid value 'sometimes' for @SocketWatch(untrackedCloseWait): expected "
                        + "auto, on or off");
    }

    @Test
    void looksOnlyWhenACloseWaitCheckRuns() {
        Settings on = parameters(Map.of(SocketWatch.UNTRACKED_CLOSE_WAIT_PROPERTY, "on"));
        assertThat(on.untrackedToLookFor()).isEqualTo(UntrackedSockets.ON);
        assertThat(parameters(Map.of(SocketWatch.UNTRACKED_CLOSE_WAIT_PROPERTY, "on",
                SocketWatch.CHECKS_PROPERTY, "close_wait")).untrackedToLookFor()).isEqualTo(UntrackedSockets.ON);
        assertThat(parameters(Map.of(SocketWatch.UNTRACKED_CLOSE_WAIT_PROPERTY, "on",
                SocketWatch.CHECKS_PROPERTY, "connection_leak")).untrackedToLookFor()).isEqualTo(UntrackedSockets.ON);
        assertThat(parameters(Map.of(SocketWatch.UNTRACKED_CLOSE_WAIT_PROPERTY, "on",
                SocketWatch.CHECKS_PROPERTY, "time_wait")).untrackedToLookFor()).isEqualTo(UntrackedSockets.OFF);
    }

    private static Settings parameters(Map<String, String> values) {
        return Settings.fromParameters(key -> Optional.ofNullable(values.get(key)));
    }

    private static SocketWatch annotation(String method) throws NoSuchMethodException {
        return Annotated.class.getDeclaredMethod(method).getAnnotation(SocketWatch.class);
    }

    @SuppressWarnings("unused")
    private static final class Annotated {

        @SocketWatch(untrackedCloseWait = "OFF")
        void off() {
        }

        @SocketWatch
        void defaults() {
        }

        @SocketWatch(untrackedCloseWait = "sometimes")
        void invalid() {
        }
    }
}
