package io.socketwatch.model;

/**
 * The state of a TCP socket as the Linux kernel numbers it ({@code include/net/tcp_states.h}).
 *
 * <p>{@link #UNKNOWN} is socketwatch's own: the state could not be looked up (no OS socket table on this platform,
 * or the look-up failed). {@link #CLOSE} is also what a connection reports once its socket has left the OS table.
 */
public enum TcpState {
    /** The state could not be observed; never reported by the kernel. */
    UNKNOWN(0),
    ESTABLISHED(1),
    SYN_SENT(2),
    SYN_RECV(3),
    FIN_WAIT1(4),
    FIN_WAIT2(5),
    /** The side that closed first waits here for 2 MSL, fixed at 60 s on Linux. */
    TIME_WAIT(6),
    /** Closed; for a tracked connection, also "no longer in the OS table". */
    CLOSE(7),
    /** The peer closed and this side has not yet. */
    CLOSE_WAIT(8),
    LAST_ACK(9),
    LISTEN(10),
    CLOSING(11),
    NEW_SYN_RECV(12);

    private static final TcpState[] BY_CODE = values();

    private final int code;

    TcpState(int code) {
        this.code = code;
    }

    /** Returns the kernel's code for this state ({@code 0} for {@link #UNKNOWN}). */
    public int code() {
        return code;
    }

    /**
     * Returns the state with the given kernel code.
     *
     * @throws IllegalArgumentException if {@code code} is not a Linux TCP state (1 to 12)
     */
    public static TcpState ofCode(int code) {
        if (code < 1 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("not a Linux TCP state code: " + code + " (expected 1 to 12)");
        }
        return BY_CODE[code];
    }

    /**
     * Returns whether a socket in this state is on its way somewhere else without the application's help:
     * the handshake or the closing sequence is still running.
     */
    public boolean isTransient() {
        return switch (this) {
            case SYN_SENT, SYN_RECV, NEW_SYN_RECV, FIN_WAIT1, FIN_WAIT2, LAST_ACK, CLOSING -> true;
            default -> false;
        };
    }
}
