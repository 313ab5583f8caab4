package io.netty.channel.epoll;

/**
 * A class named as Netty's epoll transport names its classes, for child JVMs of socketwatch's tests that must look as
 * if Netty's native transport were loaded. Never load it in a test JVM itself: it turns the CLOSE_WAIT look for
 * untracked sockets on for every later window of that JVM.
 */
public final class FakeEpollChannel {

    private FakeEpollChannel() {
    }
}
