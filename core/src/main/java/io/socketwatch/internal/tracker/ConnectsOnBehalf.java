package io.socketwatch.internal.tracker;

import java.util.Set;

/**
 * Attributes the connects a client library's own thread makes for another thread: for an OkHttp call, or for a Netty
 * channel that a window's thread began to connect. Such a connect takes the site and window of the call's acquisition
 * or of the channel's beginning, not those of the thread that makes it.
 *
 * <p>The agent marks a thread as connecting for a call or channel at the entry of OkHttp's {@code connectTcp} and
 * Netty's {@code NioSocketChannel.doConnect} (epoll's {@code doConnect}, io_uring's {@code connectComplete}) and
 * unmarks it at their normal return only (its hooks have no try/finally): after a throw a call's mark stays until the
 * thread's next mark, and {@link #connectingFor()} drops it once the call is released, so a stale mark never outlives
 * its call; a channel's mark serves one connect only.
 */
final class ConnectsOnBehalf {

    /** The call a client library's thread connects for, between {@link #onBehalfOf} calls. */
    private static final ThreadLocal<TrackedResource> ON_BEHALF_OF = new ThreadLocal<>();
    /** The channel a library's thread connects, begun by a window's thread ({@link #connectStarting}): used once. */
    private static final ThreadLocal<MarkedChannel> CONNECTING_CHANNEL = new ThreadLocal<>();
    /**
     * The Netty channels whose connect the agent hooks, the only ones {@link #connectStarting} notes: NIO's, and the
     * TCP channels of the native transports (epoll, io_uring); and gRPC's shaded copies of NIO's and epoll's.
     */
    private static final Set<String> FOLLOWED_CHANNELS = Set.of("io.netty.channel.socket.nio.NioSocketChannel",
            "io.netty.channel.epoll.EpollSocketChannel", "io.netty.channel.uring.IoUringSocketChannel",
            "io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel",
            "io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel");

    /** Channels a window's thread began to connect, held weakly, with its site and window, until connected. */
    private final BegunObjects begun = new BegunObjects();
    private final ClientResources resources;

    /** @param resources the calls a thread may connect for */
    ConnectsOnBehalf(ClientResources resources) {
        this.resources = resources;
    }

    /**
     * Remembers that the calling thread, recording in {@code window}, begins to connect {@code connection} (a Netty
     * channel that {@code Bootstrap.connect} initialises here and its event loop connects): the loop's connect takes
     * this thread's site and window. A channel the agent does not follow the connect of is not remembered.
     */
    void connectStarting(Object connection, InstrumentedRecording window) {
        if (!connectFollowed(connection.getClass())) {
            return; // a datagram or domain socket channel would never be connected for: its entry would keep the window
        }
        begun.began(connection, new PendingConnect(OpeningSites.capture(), window));
    }

    /** Whether {@code type} is a Netty TCP channel whose connect the agent follows, or a subclass of one. */
    private static boolean connectFollowed(Class<?> type) {
        for (Class<?> each = type; each != null; each = each.getSuperclass()) {
            if (FOLLOWED_CHANNELS.contains(each.getName())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Marks the calling thread as connecting for {@code resource} (a call the application holds, or a channel begun by
     * {@link #connectStarting}), or unmarks it when {@code resource} is {@code null} or neither.
     */
    void onBehalfOf(Object resource) {
        ON_BEHALF_OF.remove();
        CONNECTING_CHANNEL.remove();
        if (resource == null) {
            return;
        }
        TrackedResource call = resources.held(resource);
        if (call != null) {
            ON_BEHALF_OF.set(call);
            return;
        }
        // kept until a connect takes it: io_uring marks its channel again where a connect in progress completes
        PendingConnect channel = begun.of(resource);
        if (channel != null) {
            CONNECTING_CHANNEL.set(new MarkedChannel(resource, channel));
        }
    }

    /**
     * Returns the site and window the calling thread connects for: an OkHttp call's, unless released meanwhile, or a
     * channel's begun on another thread (then forgotten: it serves one connect); {@code null} if none. A channel marked
     * and never connected stays begun until its window stops or it is collected.
     */
    PendingConnect connectingFor() {
        TrackedResource behalf = ON_BEHALF_OF.get();
        if (behalf != null) {
            if (!behalf.isReleased()) {
                return new PendingConnect(behalf.site, behalf.window);
            }
            ON_BEHALF_OF.remove();
        }
        MarkedChannel channel = CONNECTING_CHANNEL.get();
        if (channel == null) {
            return null;
        }
        CONNECTING_CHANNEL.remove();
        begun.remove(channel.channel());
        return channel.begun();
    }

    /** A channel the calling thread connects, until the mark is taken or removed, and how it was begun. */
    private record MarkedChannel(Object channel, PendingConnect begun) {
    }

    /** Forgets the channels {@code window}, stopped, began and never connected. */
    void forget(InstrumentedRecording window) {
        begun.forget(window);
    }
}
