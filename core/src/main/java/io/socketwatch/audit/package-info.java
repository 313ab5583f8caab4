/**
 * What the client configuration audits report: {@code io.socketwatch.ClientAudit} reads how an HTTP client or a JDBC
 * pool is configured and returns a {@link io.socketwatch.audit.ClientAuditReport} of {@link
 * io.socketwatch.audit.Finding findings} that tell, with reasons in TCP terms, what will go wrong under load; {@code
 * io.socketwatch.ConnectionProbe} measures it by sending requests to a URL and returns a {@link
 * io.socketwatch.audit.ProbeReport}. Values only: this package depends on no other of socketwatch's.
 *
 * <p>OkHttp, Apache HttpClient 5 and HikariCP are optional: each is touched only by the method that takes one of its
 * objects, so code that audits the JDK's clients runs without them on the class path.
 */
package io.socketwatch.audit;
