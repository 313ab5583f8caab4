/**
 * The operating system's TCP socket table: its rows, full scans ({@code /proc/net/tcp*}, {@code netstat -an}) and exact
 * look-ups by 4-tuple (netlink {@code SOCK_DIAG}). Not API.
 */
package io.socketwatch.internal.os;
