package io.socketwatch.error;

import static io.socketwatch.error.ShouldHoldAtMostConcurrentConnections.shouldHoldAtMostConcurrentConnections;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.presentation.StandardRepresentation.STANDARD_REPRESENTATION;

import org.assertj.core.description.TextDescription;
import org.junit.jupiter.api.Test;

class ShouldHoldAtMostConcurrentConnectionsTests {

    @Test
    void namesTheEndpointTheConnectionsAllowedAndThoseHeldAtOnce() {
        String message = shouldHoldAtMostConcurrentConnections("127.0.0.1:8080", 1, 2)
                .create(new TextDescription("Test"), STANDARD_REPRESENTATION);

        assertThat(message).isEqualTo("[Test] \nExpecting socket activity to hold at most 1 connection to "
                + "127.0.0.1:8080 at once, but it held 2");
    }

    @Test
    void countsSeveralConnectionsAllowed() {
        String message = shouldHoldAtMostConcurrentConnections("localhost:5432", 3, 5)
                .create(new TextDescription("Test"), STANDARD_REPRESENTATION);

        assertThat(message).isEqualTo("[Test] \nExpecting socket activity to hold at most 3 connections to "
                + "localhost:5432 at once, but it held 5");
    }
}
