/**
 * socketwatch's internals. <strong>Not API</strong>: nothing in this package or below it is meant for use outside
 * socketwatch, and any of it may change or disappear in any release.
 */
package io.socketwatch.internal;
