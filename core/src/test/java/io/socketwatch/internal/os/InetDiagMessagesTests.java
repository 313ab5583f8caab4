package io.socketwatch.internal.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socketwatch.internal.os.InetDiagMessages.Done;
import io.socketwatch.internal.os.InetDiagMessages.Failed;
import io.socketwatch.internal.os.InetDiagMessages.Foreign;
import io.socketwatch.internal.os.InetDiagMessages.Found;
import io.socketwatch.internal.os.InetDiagMessages.Reply;
import io.socketwatch.model.TcpState;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class InetDiagMessagesTests {

    @Nested
    class RecordedExchanges {

        @Test
        void writesTheSameRequestTheRecordingSent() throws IOException {
            Recording recording = Recording.of("established-dual-stack.txt");
            ByteBuffer request = ByteBuffer.allocate(InetDiagMessages.REQUEST_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            InetDiagMessages.writeRequest(request, 1, InetDiagMessages.AF_INET, tuple("127.0.0.1", 40144, 38311));
            assertThat(request.position()).isEqualTo(InetDiagMessages.REQUEST_LENGTH);
            assertThat(request.array()).isEqualTo(recording.requestBytes);
        }

        @Test
        void writesIpv4TuplesIpv4MappedForAnIpv6Request() {
            ByteBuffer request = ByteBuffer.allocate(InetDiagMessages.REQUEST_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            InetDiagMessages.writeRequest(request, 7, InetDiagMessages.AF_INET6, tuple("127.0.0.1", 40144, 38311));
            assertThat(HexFormat.of().formatHex(request.array(), 16, 60)).isEqualTo("0a060000ffffffff9cd095a7"
                    + "00000000000000000000ffff7f000001" + "00000000000000000000ffff7f000001");
        }

        @Test
        void readsADualStackSocketFoundByAnIpv4Request() throws IOException {
            Found found = (Found) Recording.of("established-dual-stack.txt").reply();
            assertThat(found.family()).isEqualTo(InetDiagMessages.AF_INET6);
            assertThat(found.entry()).isEqualTo(new SocketEntry(TcpState.ESTABLISHED,
                    tuple("127.0.0.1", 40144, 38311), 52840, 0, Optional.empty()));
        }

        @Test
        void readsAnIpv6Socket() throws IOException {
            Found found = (Found) Recording.of("established-ipv6.txt").reply();
            assertThat(found.entry()).isEqualTo(new SocketEntry(TcpState.ESTABLISHED,
                    tuple("::1", 54598, 38313), 52842, 0, Optional.empty()));
        }

        @Test
        void readsTimeWaitWithoutOwnerAndItsTimerInMilliseconds() throws IOException {
            Found found = (Found) Recording.of("time-wait.txt").reply();
            assertThat(found.entry()).isEqualTo(new SocketEntry(TcpState.TIME_WAIT,
                    tuple("127.0.0.1", 33418, 38311), 0, 0, Optional.of(Duration.ofMillis(59416))));
        }

        @Test
        void readsTheListenSocketTheKernelAnswersForAGoneTuple() throws IOException {
            Found found = (Found) Recording.of("listen-for-gone-tuple.txt").reply();
            SocketEntry entry = found.entry();
            assertThat(entry.state()).isEqualTo(TcpState.LISTEN);
            assertThat(entry.tuple()).isEqualTo(new FourTuple(new InetSocketAddress("127.0.0.1", 38311),
                    new InetSocketAddress(address("::"), 0)));
            assertThat(entry.inode()).isEqualTo(52838);
            assertThat(NetlinkSocketTableReader.matches(entry, tuple("127.0.0.1", 38311, 33418))).isFalse();
        }

        @Test
        void readsNoSuchSocketAsEnoent() throws IOException {
            assertThat(Recording.of("enoent.txt").reply()).isEqualTo(new Failed(InetDiagMessages.ENOENT));
        }

        @Test
        void skipsAnswersToOtherRequests() throws IOException {
            ByteBuffer reply = Recording.of("time-wait.txt").replyBuffer();
            assertThat(InetDiagMessages.readReply(reply, 2)).isEqualTo(new Foreign(1, 20));
            assertThat(reply.hasRemaining()).isFalse();
        }
    }

    @Nested
    class Dumps {

        @Test
        void writesADumpOfEveryTcpSocketOfTheFamily() {
            ByteBuffer request = ByteBuffer.allocate(InetDiagMessages.REQUEST_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            InetDiagMessages.writeDumpRequest(request, 5, InetDiagMessages.AF_INET6);
            assertThat(request.position()).isEqualTo(InetDiagMessages.REQUEST_LENGTH);
            // length 72, SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST | NLM_F_DUMP, sequence 5, port 0; AF_INET6, TCP, all states
            assertThat(HexFormat.of().formatHex(request.array(), 0, 24))
                    .isEqualTo("48000000" + "1400" + "0103" + "05000000" + "00000000" + "0a060000" + "ffffffff");
            assertThat(Arrays.copyOfRange(request.array(), 24, 72)).containsOnly(0);
        }

        @Test
        void writesADumpOfTheStatesItIsAskedFor() {
            int closeWaitAndListen = InetDiagMessages.stateMask(Set.of(TcpState.CLOSE_WAIT, TcpState.LISTEN));
            assertThat(closeWaitAndListen).isEqualTo((1 << 8) | (1 << 10));
            ByteBuffer request = ByteBuffer.allocate(InetDiagMessages.REQUEST_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            InetDiagMessages.writeDumpRequest(request, 5, InetDiagMessages.AF_INET, closeWaitAndListen);
            // idiag_states: bits 8 (CLOSE_WAIT) and 10 (LISTEN), little-endian
            assertThat(HexFormat.of().formatHex(request.array(), 16, 24)).isEqualTo("02060000" + "00050000");
        }

        @Test
        void readsTheEndOfADumpAndTheErrnoItEndedWith() {
            assertThat(InetDiagMessages.readReply(done(5, 0), 5)).isEqualTo(new Done(0));
            assertThat(InetDiagMessages.readReply(done(5, -4), 5)).isEqualTo(new Done(4));
            assertThat(InetDiagMessages.readReply(done(6, 0), 5)).isEqualTo(new Foreign(6, 3));
        }

        @Test
        void truncatedDoneIsMalformed() {
            ByteBuffer cut = done(5, 0).putInt(0, 16).limit(16);
            assertThatThrownBy(() -> InetDiagMessages.readReply(cut, 5))
                    .isInstanceOf(SocketTableException.class)
                    .hasMessage("netlink SOCK_DIAG: malformed reply: truncated NLMSG_DONE (16 bytes)");
        }

        /** {@code NLMSG_DONE} as {@code linux/netlink.h} lays it out: a header, then the dump's (negative) errno. */
        private ByteBuffer done(int sequence, int error) {
            ByteBuffer message = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
            message.putInt(20).putShort((short) 3).putShort((short) 2).putInt(sequence).putInt(0).putInt(error);
            return message.flip();
        }
    }

    @Nested
    class MalformedReplies {

        @Test
        void truncatedHeader() {
            assertThatThrownBy(() -> InetDiagMessages.readReply(buffer(new byte[10]), 1))
                    .isInstanceOf(SocketTableException.class)
                    .hasMessage("netlink SOCK_DIAG: malformed reply: truncated netlink header (10 bytes)");
        }

        @Test
        void lengthBeyondTheBytesReceived() throws IOException {
            byte[] bytes = Recording.of("time-wait.txt").replyBytes;
            ByteBuffer cut = buffer(java.util.Arrays.copyOf(bytes, 40));
            assertThatThrownBy(() -> InetDiagMessages.readReply(cut, 1))
                    .isInstanceOf(SocketTableException.class)
                    .hasMessage("netlink SOCK_DIAG: malformed reply: netlink message length 96 with 40 bytes received");
        }

        @Test
        void messageTooShortForAnInetDiagMsg() throws IOException {
            byte[] bytes = java.util.Arrays.copyOf(Recording.of("time-wait.txt").replyBytes, 40);
            ByteBuffer shortened = buffer(bytes).putInt(0, 40);
            assertThatThrownBy(() -> InetDiagMessages.readReply(shortened, 1))
                    .isInstanceOf(SocketTableException.class)
                    .hasMessage("netlink SOCK_DIAG: malformed reply: truncated inet_diag_msg (40 bytes)");
        }

        @Test
        void unknownStateIsAnErrorNotAnAbsentSocket() throws IOException {
            ByteBuffer reply = Recording.of("time-wait.txt").replyBuffer();
            reply.put(17, (byte) 13);
            assertThatThrownBy(() -> InetDiagMessages.readReply(reply, 1))
                    .isInstanceOf(SocketTableException.class)
                    .hasMessage("netlink SOCK_DIAG: malformed reply: not a Linux TCP state code: 13 (expected 1 to 12)");
        }

        @Test
        void unknownFamily() throws IOException {
            ByteBuffer reply = Recording.of("time-wait.txt").replyBuffer();
            reply.put(16, (byte) 1);
            assertThatThrownBy(() -> InetDiagMessages.readReply(reply, 1))
                    .isInstanceOf(SocketTableException.class)
                    .hasMessage("netlink SOCK_DIAG: malformed reply: unexpected address family 1");
        }
    }

    /** One recorded exchange from {@code src/test/resources/netlink}. */
    private record Recording(byte[] requestBytes, byte[] replyBytes) {

        static Recording of(String name) throws IOException {
            String text;
            try (InputStream in = InetDiagMessagesTests.class.getResourceAsStream("/netlink/" + name)) {
                text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            }
            byte[] request = null;
            byte[] reply = null;
            for (String line : text.split("\n")) {
                if (line.startsWith("request ")) {
                    request = HexFormat.of().parseHex(line.substring(8).trim());
                } else if (line.startsWith("reply ")) {
                    reply = HexFormat.of().parseHex(line.substring(6).trim());
                }
            }
            return new Recording(request, reply);
        }

        ByteBuffer replyBuffer() {
            return buffer(replyBytes.clone());
        }

        Reply reply() {
            return InetDiagMessages.readReply(replyBuffer(), 1);
        }
    }

    private static ByteBuffer buffer(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static FourTuple tuple(String host, int localPort, int remotePort) {
        InetAddress address = address(host);
        return new FourTuple(new InetSocketAddress(address, localPort), new InetSocketAddress(address, remotePort));
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
