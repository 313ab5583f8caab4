package io.socketwatch.internal.tracker;

/**
 * Tells whether a thread that served a connection is done with it for now: waiting for more work or for I/O. Asked
 * only while a window settles with both ends of an open loopback connection in this JVM.
 */
final class ServerThreads {

    private ServerThreads() {
    }

    /** How idle a thread is, from the least to the most certain. */
    enum Idleness {
        /** At work, or woken and waiting for a CPU: may still be about to close a socket. */
        BUSY,
        /** Idle by its Java state; the OS could not tell whether it has been woken meanwhile. */
        IDLE_IN_JAVA,
        /** Idle by its Java state, and the OS has it waiting (or it ended, or is the settling thread). */
        IDLE;

        /** Returns the less certain of the two. */
        Idleness and(Idleness other) {
            return compareTo(other) <= 0 ? this : other;
        }
    }

    /**
     * Returns how idle {@code user} is. Idle means: none, collected, the calling thread (which settles, so is done with
     * its sockets), ended, or waiting: where the OS can tell (Linux), not running or queued to run there and not
     * blocked on a monitor in Java (a thread woken and waiting for a CPU, as a selector woken to close a socket, is not
     * idle however its Java stack looks); elsewhere, in Java, parked, sleeping or running native socket or selector
     * code (a blocking read of the next request, an accept, a selector's wait; the JDK's {@code sun.nio.ch}, Netty's
     * native transports). A thread running anything else, or blocked on a monitor, may still be about to close its
     * socket. Asking the OS first spares the Java stack, which costs a handshake with the thread and its whole trace.
     */
    private static Idleness idleness(SocketThread user) {
        Thread thread = user == null ? null : user.thread();
        if (thread == null || thread == Thread.currentThread()) {
            return Idleness.IDLE;
        }
        Thread.State state = thread.getState();
        switch (state) {
            case TERMINATED:
                return Idleness.IDLE;
            case NEW, BLOCKED: // NEW cannot have used a socket; BLOCKED is at work, waiting for a lock
                return Idleness.BUSY;
            default:
                break;
        }
        switch (user.osState()) {
            case RUNNING:
                return Idleness.BUSY;
            case WAITING:
                return Idleness.IDLE;
            default:
                break;
        }
        if (state != Thread.State.RUNNABLE) {
            return Idleness.IDLE_IN_JAVA; // parked or sleeping
        }
        StackTraceElement[] stack = thread.getStackTrace();
        boolean waitingForIo = stack.length > 0 && stack[0].isNativeMethod() && inSocketOrSelectorCode(stack[0]);
        return waitingForIo ? Idleness.IDLE_IN_JAVA : Idleness.BUSY;
    }

    /**
     * Returns how idle the threads serving {@code server} are: the one that used it last and the one that accepted it,
     * each asked once (they are often the same).
     */
    static Idleness ofServerEnd(TrackedConnection server) {
        SocketThread lastUser = server.lastUser();
        SocketThread acceptedBy = server.acceptedBy();
        Idleness serving = idleness(lastUser);
        return acceptedBy == lastUser || serving == Idleness.BUSY ? serving : serving.and(idleness(acceptedBy));
    }

    private static boolean inSocketOrSelectorCode(StackTraceElement frame) {
        String className = frame.getClassName();
        return className.startsWith("sun.nio.ch.") || className.startsWith("java.net.")
                || className.startsWith("io.netty.channel.") || className.contains(".io.netty.channel.");
    }
}
