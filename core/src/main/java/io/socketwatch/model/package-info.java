/**
 * What a recording saw: a {@link io.socketwatch.model.SocketActivity} of {@link io.socketwatch.model.TcpConnection
 * connections}, each with its {@link io.socketwatch.model.TcpState state} and {@link io.socketwatch.model.OpeningSite
 * opening site}, and the {@link io.socketwatch.model.ClientResource client resources} the code under test was handed.
 * Immutable values that socketwatch's internals build and its entry points in {@code io.socketwatch} return; this
 * package uses no other of socketwatch's but the address matching in {@code internal.net}.
 *
 * <p>All of socketwatch's API is new in 0.1.0.
 */
package io.socketwatch.model;
