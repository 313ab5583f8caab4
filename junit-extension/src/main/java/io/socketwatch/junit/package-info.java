/**
 * {@link io.socketwatch.junit.SocketWatch @SocketWatch}: a JUnit Jupiter extension that fails tests which churn,
 * strand or leak TCP connections.
 */
package io.socketwatch.junit;
