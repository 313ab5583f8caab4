/**
 * socketwatch's public API: record the TCP connections of a window of code with {@link io.socketwatch.SocketWatcher},
 * inspect them as a {@link io.socketwatch.SocketActivity} and check them with {@code SocketAssertions}.
 *
 * <p>Everything under {@code io.socketwatch.internal} is not API and may change without notice.
 */
package io.socketwatch;
