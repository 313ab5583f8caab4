/**
 * The client audits behind {@link io.socketwatch.ClientAudit} and {@link io.socketwatch.ConnectionProbe}:
 * one class per client library. <strong>Not API.</strong> Classes named for OkHttp, Apache HttpClient and HikariCP
 * reference those optional libraries and are loaded only when the user passes one of their objects.
 */
package io.socketwatch.internal.clientaudit;
