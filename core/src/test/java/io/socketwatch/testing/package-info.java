/** Loopback servers shared by socketwatch's own tests. */
package io.socketwatch.testing;
