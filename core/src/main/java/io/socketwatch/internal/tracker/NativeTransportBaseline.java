package io.socketwatch.internal.tracker;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The CLOSE_WAIT rows there were when a native transport (Netty's epoll or io_uring) was first defined in this JVM:
 * the baseline from which the {@code AUTO} windows that had started before it, and so did not look for untracked
 * sockets, look once it is loaded.
 */
final class NativeTransportBaseline {

    /** The rows, read on a thread of its own; {@code null} until a native transport is defined. */
    private volatile CompletableFuture<UntrackedCloseWait> baseline;

    /**
     * Reads, on a new thread, the CLOSE_WAIT rows there are as the JVM defines a native transport's first class, before
     * any of its sockets can exist. Runs on the defining thread, inside a class file transformer: returns at once.
     */
    void transportDefined(StateLookup states) {
        CompletableFuture<UntrackedCloseWait> read = new CompletableFuture<>();
        baseline = read;
        Thread reader = new Thread(() -> {
            try {
                read.complete(new UntrackedCloseWait(states));
            } catch (RuntimeException | LinkageError e) { // else every window would wait its full second for it
                read.completeExceptionally(e);
            }
        }, "socketwatch: CLOSE_WAIT rows as a native transport loads");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Returns the look for untracked sockets in CLOSE_WAIT from this baseline, waiting at most 1 s for its read, or
     * {@code null} if no transport was defined since the agent's installation.
     *
     * @param notes told, in a sentence, why there is no look when the read failed or is late
     */
    UntrackedCloseWait untrackedSince(List<String> notes) {
        CompletableFuture<UntrackedCloseWait> read = baseline;
        if (read == null) {
            return null;
        }
        try {
            return read.get(1, TimeUnit.SECONDS); // read long before its sockets could reach CLOSE_WAIT
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            notes.add("socketwatch did not look for sockets it does not instrument in CLOSE_WAIT: interrupted");
        } catch (ExecutionException | TimeoutException e) {
            notes.add("socketwatch did not look for sockets it does not instrument in CLOSE_WAIT: the OS table read "
                    + "when a native transport was loaded during this test " + (e instanceof TimeoutException
                    ? "took more than 1 s" : "failed (" + e.getCause() + ")"));
        }
        return null;
    }
}
