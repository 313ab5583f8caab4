/** The checks behind the assertions, as pure functions of a {@link io.socketwatch.model.SocketActivity}. Not API. */
package io.socketwatch.internal.check;
