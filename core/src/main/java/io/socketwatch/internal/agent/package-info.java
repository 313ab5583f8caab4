/**
 * socketwatch's Java agent: loads it into the running JVM, puts {@link io.socketwatch.internal.agent.boot.SocketEvents}
 * on the bootstrap class path, and inserts calls to it into the JDK's three socket implementation classes and into
 * the client libraries it follows, with a class file transformer built on the ASM that Byte Buddy bundles. The class
 * the JVM enters the agent through, {@code io.socketwatch.internal.tracker.SocketWatchAgent}, is the tracker's: its
 * {@code premain} installs the tracker, which this package never uses. Not API.
 */
package io.socketwatch.internal.agent;
