/** The connection tracker: the agent's event sink, per-connection records and recording windows. Not API. */
package io.socketwatch.internal.tracker;
