/**
 * Addresses and endpoints: canonical forms of IPv4-mapped IPv6 addresses, and a {@code host:port} resolved to every
 * address it names. The lowest layer: it uses no other of socketwatch's packages. Not API.
 */
package io.socketwatch.internal.net;
