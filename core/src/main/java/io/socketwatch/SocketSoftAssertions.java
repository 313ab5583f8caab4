package io.socketwatch;

import io.socketwatch.model.SocketActivity;
import org.assertj.core.api.AbstractSoftAssertions;

/**
 * Soft assertions on socket activity: collects every failure and reports them together on {@code assertAll()}.
 *
 * <pre>{@code
 * SocketSoftAssertions softly = new SocketSoftAssertions();
 * softly.assertThat(activity).hasNoTimeWaitLeak();
 * softly.assertThat(activity).hasNoCloseWaitLeak();
 * softly.assertAll();
 * }</pre>
 */
public class SocketSoftAssertions extends AbstractSoftAssertions {

    /** Creates soft assertions on a window's connections. */
    public SocketActivityAssert assertThat(SocketActivity actual) {
        return proxy(SocketActivityAssert.class, SocketActivity.class, actual);
    }
}
