package io.socketwatch.internal.tracker;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A thread that used a socket, with its Linux task id: lets a settling window ask the OS whether that thread is on a
 * CPU or queued for one, which its Java state cannot tell. A selector thread woken to close a socket, or one preempted
 * in the middle of a native write, still shows a native socket frame in Java until the OS runs it again; the OS shows
 * it runnable ({@code R}) meanwhile.
 *
 * <p>The task id is read once per thread, by the thread itself, from {@code /proc/thread-self}. It is unknown (and
 * {@link #osState()} says so) off Linux, where {@code /proc} cannot be read, and for a virtual thread, whose carrier
 * changes.
 */
final class SocketThread {

    private static final ThreadLocal<SocketThread> CURRENT = ThreadLocal.withInitial(SocketThread::ofCurrentThread);
    private static final int UNKNOWN = -1;

    /**
     * Held weakly: a connection that is never closed keeps its last user, and a thread may hold much (the JDK
     * {@code HttpClient}'s selector thread holds its client, and so the socket it would otherwise let go).
     */
    private final WeakReference<Thread> thread;
    private final int taskId;

    private SocketThread(Thread thread, int taskId) {
        this.thread = new WeakReference<>(thread);
        this.taskId = taskId;
    }

    /** Returns the thread, or {@code null} once it has ended and been collected. */
    Thread thread() {
        return thread.get();
    }

    /** Returns the calling thread; made on its first call in that thread, which costs one read of a link. */
    static SocketThread current() {
        return CURRENT.get();
    }

    /** What the OS says of a thread: on a CPU or queued for one, waiting, or nothing it could tell. */
    enum OsState { RUNNING, WAITING, UNKNOWN }

    /**
     * Returns whether the OS has this thread running or queued to run, or in a page fault ({@code R} or {@code D} in
     * {@code /proc/self/task/<id>/stat}), or waiting; {@link OsState#UNKNOWN} when that cannot be told: task id
     * unknown, the file unreadable (the thread ended meanwhile) or malformed.
     *
     * <p>A thread at work in Java code also waits in the OS while the JVM holds it at a safepoint (a collection, for
     * one): it is taken as waiting only if it waits at two reads, between which the calling thread came back from
     * native code into Java, which it cannot do while a safepoint lasts. Woken at the safepoint's end, the thread is
     * then running or queued, or, if it ran already, waiting for something of its own again.
     */
    OsState osState() {
        if (taskId == UNKNOWN) {
            return OsState.UNKNOWN;
        }
        OsState first = readOsState();
        return first == OsState.WAITING ? readOsState() : first;
    }

    private OsState readOsState() {
        char state;
        try {
            state = stateOf(Files.readAllBytes(Path.of("/proc/self/task", Integer.toString(taskId), "stat")));
        } catch (IOException | RuntimeException e) {
            return OsState.UNKNOWN;
        }
        return state == 0 ? OsState.UNKNOWN : state == 'R' || state == 'D' ? OsState.RUNNING : OsState.WAITING;
    }

    /**
     * Returns the state letter of a {@code /proc/<pid>/task/<tid>/stat} line: the field after the command name, which
     * is in parentheses and may itself hold spaces and parentheses; {@code 0} if the line has none.
     */
    static char stateOf(byte[] stat) {
        for (int i = stat.length - 1; i >= 0; i--) {
            if (stat[i] == ')') {
                return i + 2 < stat.length ? (char) stat[i + 2] : 0;
            }
        }
        return 0;
    }

    private static SocketThread ofCurrentThread() {
        Thread thread = Thread.currentThread();
        return new SocketThread(thread, isVirtual(thread) ? UNKNOWN : currentTaskId());
    }

    private static boolean isVirtual(Thread thread) {
        return thread.getClass().getName().equals("java.lang.VirtualThread");
    }

    private static int currentTaskId() {
        try {
            Path link = Files.readSymbolicLink(Path.of("/proc/thread-self")); // "<pid>/task/<tid>"
            return Integer.parseInt(link.getFileName().toString());
        } catch (IOException | RuntimeException e) {
            return UNKNOWN; // not Linux, or /proc not mounted
        }
    }
}
