package io.socketwatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.socketwatch.model.TcpState;
import org.junit.jupiter.api.Test;

class TcpStateTests {

    @Test
    void kernelCodesMatchTcpStatesH() {
        assertThat(TcpState.ofCode(1)).isEqualTo(TcpState.ESTABLISHED);
        assertThat(TcpState.ofCode(6)).isEqualTo(TcpState.TIME_WAIT);
        assertThat(TcpState.ofCode(8)).isEqualTo(TcpState.CLOSE_WAIT);
        assertThat(TcpState.ofCode(10)).isEqualTo(TcpState.LISTEN);
        assertThat(TcpState.ofCode(12)).isEqualTo(TcpState.NEW_SYN_RECV);
        for (TcpState state : TcpState.values()) {
            if (state != TcpState.UNKNOWN) {
                assertThat(TcpState.ofCode(state.code())).isSameAs(state);
            }
        }
    }

    @Test
    void rejectsCodesTheKernelDoesNotUse() {
        assertThatIllegalArgumentException().isThrownBy(() -> TcpState.ofCode(0))
                .withMessage("not a Linux TCP state code: 0 (expected 1 to 12)");
        assertThatIllegalArgumentException().isThrownBy(() -> TcpState.ofCode(13))
                .withMessage("not a Linux TCP state code: 13 (expected 1 to 12)");
    }

    @Test
    void closingAndHandshakeStatesAreTransientButWaitStatesAreNot() {
        assertThat(TcpState.FIN_WAIT1.isTransient()).isTrue();
        assertThat(TcpState.LAST_ACK.isTransient()).isTrue();
        assertThat(TcpState.SYN_SENT.isTransient()).isTrue();
        assertThat(TcpState.TIME_WAIT.isTransient()).isFalse();
        assertThat(TcpState.CLOSE_WAIT.isTransient()).isFalse();
        assertThat(TcpState.ESTABLISHED.isTransient()).isFalse();
    }
}
