package io.socketwatch.model;

/**
 * Whether a recording also looks for this process's sockets that socketwatch's agent never sees, in CLOSE_WAIT:
 * sockets of a native transport such as Netty's epoll, kqueue or io_uring, or of other native (JNI) code. Such a
 * socket that enters CLOSE_WAIT during the window and is still there after settling is reported as an
 * {@link TcpConnection.Origin#UNTRACKED} connection, in a window that no other thread's window overlapped (it
 * cannot be tied to a test; otherwise the activity's notes name it). It costs a look at the OS table's
 * CLOSE_WAIT rows when the window starts and when it settles.
 */
public enum UntrackedSockets {
    /**
     * Looked for once this JVM has loaded a native transport (Netty's epoll, kqueue or io_uring, shaded or not),
     * also by a recording that was running when it was first loaded.
     */
    AUTO,
    /** Always looked for: also for native code socketwatch cannot recognise. */
    ON,
    /** Never looked for. */
    OFF
}
