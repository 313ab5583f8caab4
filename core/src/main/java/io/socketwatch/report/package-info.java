/**
 * Values handed to {@link io.socketwatch.SocketWatchReport}: one {@link io.socketwatch.report.WatchedTest} per test a
 * build watched, from which the report files and the end-of-run summary are made.
 */
package io.socketwatch.report;
