package io.socketwatch.error;

import static io.socketwatch.error.ShouldOpenAtMostConnections.shouldOpenAtMostConnections;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.presentation.StandardRepresentation.STANDARD_REPRESENTATION;

import org.assertj.core.description.TextDescription;
import org.junit.jupiter.api.Test;

class ShouldOpenAtMostConnectionsTests {

    @Test
    void namesTheEndpointTheConnectionsAllowedAndThoseOpened() {
        String message = shouldOpenAtMostConnections("localhost:8080", 1, 3)
                .create(new TextDescription("Test"), STANDARD_REPRESENTATION);

        assertThat(message).isEqualTo("[Test] \nExpecting socket activity to open at most 1 connection to "
                + "localhost:8080, but it opened 3");
    }

    @Test
    void countsSeveralConnectionsAllowed() {
        String message = shouldOpenAtMostConnections("127.0.0.1:5432", 2, 4)
                .create(new TextDescription("Test"), STANDARD_REPRESENTATION);

        assertThat(message).isEqualTo("[Test] \nExpecting socket activity to open at most 2 connections to "
                + "127.0.0.1:5432, but it opened 4");
    }
}
