/** Loopback servers, native sockets and polling shared by socketwatch's own tests. */
package io.socketwatch.testing;
