package io.socketwatch.internal.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PlatformTcpFactsTests {

    @Test
    void chosenByOsNameWithLinuxForAnyOtherSystem() {
        assertThat(PlatformTcpFacts.forOs("Linux")).isEqualTo(PlatformTcpFacts.LINUX);
        assertThat(PlatformTcpFacts.forOs("Mac OS X")).isEqualTo(PlatformTcpFacts.MACOS);
        assertThat(PlatformTcpFacts.forOs("FreeBSD")).isEqualTo(PlatformTcpFacts.FREEBSD);
        assertThat(PlatformTcpFacts.forOs("Windows Server 2022")).isEqualTo(PlatformTcpFacts.WINDOWS);
        assertThat(PlatformTcpFacts.forOs("SunOS")).isEqualTo(PlatformTcpFacts.LINUX);
    }

    @Test
    void eachPlatformsTimeWaitAndWhatItsPortsSustain() {
        assertThat(PlatformTcpFacts.LINUX.timeWait()).isEqualTo(Duration.ofSeconds(60));
        assertThat(PlatformTcpFacts.LINUX.sustainedConnectionsPerSecond()).isEqualTo(470);
        assertThat(PlatformTcpFacts.MACOS.timeWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(PlatformTcpFacts.MACOS.sustainedConnectionsPerSecond()).isEqualTo(546);
        assertThat(PlatformTcpFacts.WINDOWS.timeWait()).isEqualTo(Duration.ofSeconds(120));
        assertThat(PlatformTcpFacts.WINDOWS.sustainedConnectionsPerSecond()).isEqualTo(136);
        assertThat(PlatformTcpFacts.FREEBSD.ephemeralPortsText()).isEqualTo("55,536");
    }

    @Test
    void rejectsANonPositiveTimeWait() {
        assertThatThrownBy(() -> new PlatformTcpFacts("x", Duration.ZERO, 1, "range"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeWait and ephemeralPorts must be positive: PT0S, 1");
    }
}
