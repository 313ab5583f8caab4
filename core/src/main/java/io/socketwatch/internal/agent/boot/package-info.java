/**
 * The one class socketwatch puts on the bootstrap class path, so that calls inserted into {@code java.base} can reach
 * the tracker. It may refer to nothing but JDK classes. Not API.
 */
package io.socketwatch.internal.agent.boot;
