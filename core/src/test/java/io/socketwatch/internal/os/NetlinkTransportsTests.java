package io.socketwatch.internal.os;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

@EnabledOnOs(OS.LINUX)
class NetlinkTransportsTests {

    /** Guards the build: a JDK 22+ build that lost the ffm profile would silently test JNA only. */
    @Test
    void opensFfmOnJdk22AndLaterAndJnaBefore() {
        try (NetlinkTransport transport = NetlinkTransports.open()) {
            assertThat(transport.kind()).isEqualTo(Runtime.version().feature() >= 22 ? "FFM" : "JNA");
        }
    }
}
