/**
 * The connection tracker: the agent's entry class and event sink, per-connection records and recording windows. Not
 * API.
 */
package io.socketwatch.internal.tracker;
