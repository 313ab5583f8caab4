package io.socketwatch.error;

import org.assertj.core.error.BasicErrorMessageFactory;

/** A failure message composed in full by its factory; only {@code %} needs escaping for AssertJ's formatter. */
abstract class SocketMessage extends BasicErrorMessageFactory {

    SocketMessage(String message) {
        super(message.replace("%", "%%"));
    }
}
