/**
 * {@link io.socketwatch.junit.SocketWatch @SocketWatch}: a JUnit Jupiter extension that fails tests which churn,
 * strand or leak TCP connections, and {@link io.socketwatch.junit.NoSocketWatch @NoSocketWatch} to opt out of it.
 *
 * <p>{@link io.socketwatch.junit.SocketWatchExtension} is public only so that JUnit's extension auto-detection can
 * load it; register it through the annotations or auto-detection. The package's other classes are package-private:
 * they read the annotations and configuration and run the checks through core's public API only.
 */
package io.socketwatch.junit;
