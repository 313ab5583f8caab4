package io.socketwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.socketwatch.model.OpeningSite;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpeningSiteTests {

    private static final StackTraceElement CONNECT = new StackTraceElement("sun.nio.ch.SocketChannelImpl", "connect",
            "SocketChannelImpl.java", 830);
    private static final StackTraceElement NETTY = new StackTraceElement(
            "io.netty.channel.socket.nio.NioSocketChannel", "doConnect", "NioSocketChannel.java", 337);
    private static final StackTraceElement APPLICATION = new StackTraceElement("com.acme.Client", "fetch",
            "Client.java", 42);

    @Test
    void showsTheApplicationFrame() {
        OpeningSite site = new OpeningSite("main", APPLICATION, List.of(CONNECT, NETTY, APPLICATION));

        assertThat(site).hasToString("com.acme.Client.fetch(Client.java:42)");
        assertThat(site.location()).isEqualTo("Client.java:42");
    }

    @Test
    void showsTheFirstLibraryFrameAndTheThreadWhenOnlyLibraryCodeOpenedIt() {
        OpeningSite site = new OpeningSite("nioEventLoopGroup-2-1", null, List.of(CONNECT, NETTY));

        assertThat(site).hasToString("io.netty.channel.socket.nio.NioSocketChannel.doConnect(NioSocketChannel.java:337)"
                + " (library code only, on thread nioEventLoopGroup-2-1)");
        assertThat(site.location()).isEqualTo("unknown site");
    }

    @Test
    void namesTheThreadWhenOnlyTheJdkOpenedIt() {
        OpeningSite site = new OpeningSite("HttpClient-1-SelectorManager", null, List.of(CONNECT));

        assertThat(site).hasToString("unknown site (JDK code only, on thread HttpClient-1-SelectorManager)");
    }

    @Test
    void saysUnknownWhenNoStackWasTaken() {
        assertThat(OpeningSite.UNKNOWN).hasToString("unknown site");
    }
}
