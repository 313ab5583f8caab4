package io.socketwatch.internal.os;

import static io.socketwatch.internal.os.LoopbackConnections.await;
import static io.socketwatch.internal.os.LoopbackConnections.drainAndClose;
import static io.socketwatch.internal.os.LoopbackConnections.tuple;

import io.socketwatch.model.TcpState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Records real {@code SOCK_DIAG} requests and replies from this machine into {@code src/test/resources/netlink/}
 * (see the README there). Run by hand, not by Surefire: {@code java -cp <core classes>:<test classes>:<jna jar>
 * io.socketwatch.internal.os.SockDiagReplyRecorder core/src/test/resources/netlink}.
 */
final class SockDiagReplyRecorder {

    private SockDiagReplyRecorder() {
    }

    public static void main(String[] args) throws Exception {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new IllegalStateException("the recordings are little-endian; record on x86_64 or aarch64");
        }
        Path dir = Path.of(args[0]);
        ProcNetTcpReader procfs = new ProcNetTcpReader();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
             ServerSocket server6 = new ServerSocket(0, 50, InetAddress.getByName("::1"));
             Socket kept = new Socket("127.0.0.1", server.getLocalPort());
             Socket keptPeer = server.accept();
             Socket kept6 = new Socket("::1", server6.getLocalPort());
             Socket kept6Peer = server6.accept()) {
            record(dir, "established-dual-stack.txt", "ESTABLISHED client end of a dual-stack Socket to 127.0.0.1, "
                    + "inode " + procfs.lookup(tuple(kept)).orElseThrow().inode(), tuple(kept),
                    InetDiagMessages.AF_INET);
            record(dir, "established-ipv6.txt", "ESTABLISHED client end of a Socket to ::1, inode "
                    + procfs.lookup(tuple(kept6)).orElseThrow().inode(), tuple(kept6), InetDiagMessages.AF_INET6);

            Socket closer = new Socket("127.0.0.1", server.getLocalPort());
            Socket closerPeer = server.accept();
            FourTuple closed = tuple(closer);
            FourTuple serverSide = tuple(closerPeer);
            closer.close();
            drainAndClose(closerPeer);
            await(() -> procfs.lookup(closed), e -> e.map(SocketEntry::state).orElse(null) == TcpState.TIME_WAIT);
            await(() -> procfs.lookup(serverSide), Optional::isEmpty);
            record(dir, "time-wait.txt", "TIME_WAIT client end (it closed first)", closed, InetDiagMessages.AF_INET);
            record(dir, "listen-for-gone-tuple.txt", "the server end of the same connection, gone: the kernel answers "
                    + "with the LISTEN socket on port " + server.getLocalPort(), serverSide, InetDiagMessages.AF_INET);
            record(dir, "enoent.txt", "a tuple that never existed", new FourTuple(
                    new InetSocketAddress("127.0.0.1", 9), new InetSocketAddress("127.0.0.1", 9)),
                    InetDiagMessages.AF_INET);
            keptPeer.getOutputStream().flush();
            kept6Peer.getOutputStream().flush();
        }
    }

    private static void record(Path dir, String file, String what, FourTuple tuple, int family) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# " + what);
        lines.add("# tuple " + tuple + ", family " + family + ", sequence 1, recorded by SockDiagReplyRecorder");
        try (JnaNetlinkTransport transport = JnaNetlinkTransport.open()) {
            ByteBuffer request = transport.request();
            InetDiagMessages.writeRequest(request, 1, family, tuple);
            lines.add("request " + hex(request.flip()));
            transport.send(request.limit());
            lines.add("reply " + hex(transport.receive()));
        }
        Files.createDirectories(dir);
        Files.write(dir.resolve(file), lines);
    }

    private static String hex(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
