package io.socketwatch.internal.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NativeTransportsTests {

    @ParameterizedTest
    @ValueSource(strings = {
        "io/netty/channel/epoll/Epoll",
        "io/netty/channel/epoll/EpollSocketChannel",
        "io/netty/channel/kqueue/KQueueEventLoopGroup",
        "io/netty/channel/uring/IoUringSocketChannel",
        "io/netty/incubator/channel/uring/IOUringSocketChannel",
        "io/grpc/netty/shaded/io/netty/channel/epoll/EpollSocketChannel",
        "com/acme/shaded/io/netty/channel/epoll/Native"
    })
    void recognisesNettysNativeTransportsShadedOrNot(String className) {
        assertThat(NativeTransports.isNativeTransport(className)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "io/netty/channel/nio/NioEventLoopGroup",
        "io/netty/channel/socket/nio/NioSocketChannel",
        "io/netty/channel/Channel",
        "io/grpc/netty/shaded/io/netty/channel/socket/nio/NioSocketChannel",
        "java/lang/String",
        "com/acme/epoll/Poller",
        "okhttp3/internal/connection/RealCall"
    })
    void ignoresEverythingElseIncludingNettysJdkTransport(String className) {
        assertThat(NativeTransports.isNativeTransport(className)).isFalse();
    }

    @Test
    void aWatchTellsTheFirstNativeTransportClassDefinedOnceAndChangesNoClass() {
        List<String> sighted = new ArrayList<>();
        NativeTransports.Watch watch = new NativeTransports.Watch(sighted::add, () -> sighted.add("defined"));

        assertThat(watch.transform(null, null, "java/lang/Object", null, null, new byte[0])).isNull();
        assertThat(watch.transform(null, null, null, null, null, new byte[0])).isNull(); // a hidden class
        assertThat(watch.hasSeen()).isFalse();
        assertThat(watch.transform(null, null, "io/netty/channel/epoll/Epoll", null, null, new byte[0])).isNull();
        watch.transform(null, null, "io/netty/channel/kqueue/KQueue", null, null, new byte[0]);

        assertThat(watch.hasSeen()).isTrue();
        assertThat(sighted).containsExactly("io.netty.channel.epoll.Epoll", "defined");
    }

    @Test
    void aWatchLooksAtClassesLoadedBeforeItWithoutCallingThemDefined() {
        List<String> sighted = new ArrayList<>();
        NativeTransports.Watch watch = new NativeTransports.Watch(sighted::add, () -> sighted.add("defined"));

        watch.lookAt(new Class<?>[] {String.class, NativeTransportsTests.class});
        assertThat(sighted).isEmpty();
        watch.lookAt("io.grpc.netty.shaded.io.netty.channel.epoll.Epoll");
        watch.lookAt("io.netty.channel.epoll.Native");
        assertThat(sighted).containsExactly("io.grpc.netty.shaded.io.netty.channel.epoll.Epoll");
        watch.transform(null, null, "io/netty/channel/epoll/EpollSocketChannel", null, null, new byte[0]);
        assertThat(sighted).as("defined after the first sighting").hasSize(1);
    }
}
