/**
 * The application code the examples test: weather clients on several HTTP client libraries, a user repository on
 * JDBC, a tiny reverse proxy, and the weather API they call. Each faulty class says in its Javadoc what it does wrong.
 */
package io.socketwatch.examples.app;
