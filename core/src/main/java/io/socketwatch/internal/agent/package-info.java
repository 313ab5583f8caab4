/**
 * socketwatch's Java agent: puts {@link io.socketwatch.internal.agent.boot.SocketEvents} on the bootstrap class path
 * and retransforms the JDK's three socket implementation classes to report to it. Not API.
 */
package io.socketwatch.internal.agent;
