/**
 * What the extension's tests share: {@link io.socketwatch.junit.testkit.SocketWatchTestKit}, which runs fixture classes
 * through the Jupiter engine and reads their verdicts, and the servers and sockets fixtures use.
 */
package io.socketwatch.junit.testkit;
