package io.socketwatch.junit;

import io.socketwatch.error.ShouldNotLeakAfterTheirTests.Leak;
import java.util.Objects;

/**
 * A leak a sweep found, with the unique id of the test that opened the connection: the build report lists it under
 * that test.
 */
record SweptLeak(String testId, Leak leak) {

    SweptLeak {
        Objects.requireNonNull(testId, "testId");
        Objects.requireNonNull(leak, "leak");
    }
}
