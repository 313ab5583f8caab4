package io.socketwatch.internal.os;

/**
 * The OS socket table could not be read or made no sense: the message names the source (file or command) and, for
 * a malformed row, its line number and text. socketwatch never turns such a failure into an empty table.
 */
public class SocketTableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SocketTableException(String message) {
        super(message);
    }

    public SocketTableException(String message, Throwable cause) {
        super(message, cause);
    }
}
