package io.socketwatch.internal.tracker;

/**
 * Where and by whom a connect was started: the opening site and window a connect completed later, or by another
 * thread, takes. {@code window} is {@code null} when the starting thread had none.
 */
record PendingConnect(CapturedSite site, InstrumentedRecording window) {
}
