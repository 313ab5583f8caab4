/** The {@code @SocketWatch} extension's implementation. Not API. */
package io.socketwatch.junit.internal;
