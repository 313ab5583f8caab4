/** {@code socketwatch audit}: the checklist a server owner runs when TIME_WAIT sockets pile up. Not API. */
package io.socketwatch.internal.hostaudit;
