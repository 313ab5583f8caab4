/**
 * socketwatch's entry points: record the TCP connections of a window of code with {@link io.socketwatch.SocketWatcher},
 * check them with {@link io.socketwatch.SocketAssertions}, audit a client's configuration with
 * {@link io.socketwatch.ClientAudit} and measure its reuse with {@link io.socketwatch.ConnectionProbe}. What they
 * return lives in {@code io.socketwatch.model} and {@code io.socketwatch.audit}; their failure messages in
 * {@code io.socketwatch.error}.
 *
 * <p>Everything under {@code io.socketwatch.internal} is not API and may change without notice. All of socketwatch's
 * API is new in 0.1.0.
 */
package io.socketwatch;
