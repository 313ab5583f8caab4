/**
 * The client audits behind {@link io.socketwatch.audit.ClientAudit} and {@link io.socketwatch.audit.ConnectionProbe}:
 * one class per client library. <strong>Not API.</strong> Classes named for OkHttp, Apache HttpClient and HikariCP
 * reference those optional libraries and are loaded only when the user passes one of their objects.
 */
package io.socketwatch.internal.clientaudit;
