package io.socketwatch.internal.agent;

import io.socketwatch.internal.agent.boot.SocketEvents;
import java.nio.channels.SocketChannel;
import net.bytebuddy.asm.Advice;

/**
 * Advice inlined into the JDK's socket implementations ({@code sun.nio.ch.NioSocketImpl}, {@code SocketChannelImpl},
 * {@code ServerSocketChannelImpl}). Each piece only forwards to {@link SocketEvents}; Byte Buddy suppresses anything
 * the advice itself throws, so the instrumented method behaves as before.
 */
final class SocketAdvice {

    private SocketAdvice() {
    }

    /** {@code NioSocketImpl.connect(SocketAddress, int)} and {@code SocketChannelImpl.blockingConnect}. */
    static final class Connected {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object socket, @Advice.Thrown Throwable thrown) {
            if (thrown == null) {
                SocketEvents.connected(socket);
            }
        }
    }

    /** {@code SocketChannelImpl.connect(SocketAddress)}: connected now, or pending when non-blocking. */
    static final class ChannelConnect {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object socket, @Advice.Return boolean connected,
                         @Advice.Thrown Throwable thrown) {
            if (thrown == null) {
                if (connected) {
                    SocketEvents.connected(socket);
                } else {
                    SocketEvents.connectPending(socket);
                }
            }
        }
    }

    /** {@code SocketChannelImpl.finishConnect()}: counts only the call that completes a pending connect. */
    static final class FinishConnect {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static boolean enter(@Advice.This SocketChannel channel) {
            return channel.isConnectionPending();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object socket, @Advice.Enter boolean wasPending,
                         @Advice.Return boolean connected, @Advice.Thrown Throwable thrown) {
            if (thrown == null && wasPending && connected) {
                SocketEvents.connected(socket);
            }
        }
    }

    /** {@code NioSocketImpl.accept(SocketImpl)}: the argument is the accepted socket. */
    static final class ImplAccept {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Argument(0) Object accepted, @Advice.Thrown Throwable thrown) {
            if (thrown == null) {
                SocketEvents.accepted(accepted);
            }
        }
    }

    /** {@code ServerSocketChannelImpl.finishAccept(FileDescriptor, SocketAddress)}: returns the accepted channel. */
    static final class ChannelAccept {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Return Object accepted, @Advice.Thrown Throwable thrown) {
            if (thrown == null) {
                SocketEvents.accepted(accepted);
            }
        }
    }

    /** {@code NioSocketImpl.close()} and {@code SocketChannelImpl.implCloseSelectableChannel()}. */
    static final class Closing {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object socket) {
            SocketEvents.closing(socket);
        }
    }

    /** Reads returning the byte count, or -1 at end-of-stream. */
    static final class Read {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object socket, @Advice.Return long bytes, @Advice.Thrown Throwable thrown) {
            if (thrown == null) {
                SocketEvents.read(socket, bytes);
            }
        }
    }

    /** Writes returning the byte count. */
    static final class Write {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object socket, @Advice.Return long bytes, @Advice.Thrown Throwable thrown) {
            if (thrown == null) {
                SocketEvents.written(socket, bytes);
            }
        }
    }

    /** Writes that return nothing and write the whole {@code len} argument (index 2) unless they throw. */
    static final class WriteFully {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object socket, @Advice.Argument(2) int length, @Advice.Thrown Throwable thrown) {
            if (thrown == null) {
                SocketEvents.written(socket, length);
            }
        }
    }
}
