package io.socketwatch.internal.clientaudit;

import static org.assertj.core.api.Assertions.assertThat;

import io.socketwatch.internal.os.PlatformTcpFacts;
import org.junit.jupiter.api.Test;

class TcpCostsTests {

    @Test
    void churnQuotesLinuxFiguresUnchanged() {
        assertThat(TcpCosts.churn(PlatformTcpFacts.LINUX)).isEqualTo("each connection the client closes first "
                + "holds its local port in TIME_WAIT for 60 s, and the default 28,232 ephemeral ports sustain only "
                + "about 470 new connections/s to one endpoint");
    }

    @Test
    void churnQuotesWindowsFigures() {
        assertThat(TcpCosts.churn(PlatformTcpFacts.WINDOWS)).isEqualTo("each connection the client closes first "
                + "holds its local port in TIME_WAIT for 120 s, and the default 16,384 ephemeral ports sustain only "
                + "about 136 new connections/s to one endpoint");
    }
}
