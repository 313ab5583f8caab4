package io.socketwatch.error;

import org.assertj.core.error.BasicErrorMessageFactory;

/**
 * A failure message composed in full by its factory. It is passed without arguments, so AssertJ does not format it:
 * a {@code %} (a URL-encoded path, say) prints as it is.
 */
abstract class SocketMessage extends BasicErrorMessageFactory {

    SocketMessage(String message) {
        super(message);
    }
}
