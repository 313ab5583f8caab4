/**
 * Client configuration audits: {@link io.socketwatch.audit.ClientAudit} reads how an HTTP client or a JDBC pool is
 * configured and tells, with reasons in TCP terms, what will go wrong under load; {@link
 * io.socketwatch.audit.ConnectionProbe} measures it by sending requests to a URL.
 *
 * <p>OkHttp, Apache HttpClient 5 and HikariCP are optional: each is touched only by the method that takes one of its
 * objects, so code that audits the JDK's clients runs without them on the class path.
 *
 * @since 0.1.0
 */
package io.socketwatch.audit;
