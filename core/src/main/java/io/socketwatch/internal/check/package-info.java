/** The checks behind the assertions, as pure functions of a {@link io.socketwatch.SocketActivity}. Not API. */
package io.socketwatch.internal.check;
