package io.socketwatch.internal.tracker;

/**
 * Tells whether a thread that served a connection is done with it for now: waiting for more work or for I/O. Asked
 * only while a window settles with both ends of an open loopback connection in this JVM.
 */
final class ServerThreads {

    private ServerThreads() {
    }

    /**
     * Returns whether {@code user} is idle: none, the calling thread (which settles, so is done with its sockets),
     * ended, or, in Java, parked, sleeping or running native socket or selector code (a blocking read of the next
     * request, an accept, a selector's wait; the JDK's {@code sun.nio.ch}, Netty's native transports) while the OS does
     * not have it running or queued to run. A thread running anything else, blocked on a monitor, or woken and waiting
     * for a CPU (a selector woken to close a socket looks the same in Java until it runs) may still be about to close
     * its socket.
     */
    static boolean idle(SocketThread user) {
        if (user == null || user.thread == Thread.currentThread()) {
            return true;
        }
        Thread thread = user.thread;
        switch (thread.getState()) {
            case TERMINATED:
                return true;
            case WAITING, TIMED_WAITING:
                return !user.maybeRunning();
            case RUNNABLE:
                StackTraceElement[] stack = thread.getStackTrace();
                return stack.length > 0 && stack[0].isNativeMethod() && inSocketOrSelectorCode(stack[0])
                        && !user.maybeRunning();
            default: // NEW cannot have used a socket; BLOCKED is at work, waiting for a lock
                return false;
        }
    }

    private static boolean inSocketOrSelectorCode(StackTraceElement frame) {
        String className = frame.getClassName();
        return className.startsWith("sun.nio.ch.") || className.startsWith("java.net.")
                || className.startsWith("io.netty.channel.") || className.contains(".io.netty.channel.");
    }
}
