package io.socketwatch.internal.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import io.socketwatch.SocketWatcher;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection;
import io.socketwatch.testing.ChildJvm;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -javaagent}: socketwatch is installed before {@code main}, and follows connections from their opening. */
class CommandLineAgentTests {

    /**
     * A connection opened in {@code main} before any socketwatch call is tracked from its opening, with its line: the
     * agent was installed by {@code premain}. Installed lazily, by the first recording, it would only be adopted at its
     * first read or write, without an opening site.
     */
    @Test
    void installsBeforeMainSoThatEarlierConnectionsHaveTheirOpeningSite(@TempDir Path directory) throws Exception {
        Path agentJar = agentJar(directory);

        ChildJvm.Result child = ChildJvm.run(OpensBeforeAnyRecording.class, List.of("-javaagent:" + agentJar));

        assertThat(child.exitCode()).as(child.toString()).isZero();
        assertThat(child.stderr()).as(child.toString()).noneMatch(line -> line.startsWith("socketwatch:"));
        // the child prints the lines of its connect and accept first, then each connection's side, origin and site
        assertThat(child.stdout()).as(child.toString()).hasSize(3);
        String[] lines = child.stdout().get(0).split(" ");
        assertThat(child.stdout().subList(1, 3)).as(child.toString()).containsExactly(
                "CLIENT BASELINE CommandLineAgentTests.java:" + lines[0],
                "SERVER BASELINE CommandLineAgentTests.java:" + lines[1]);
    }

    /** A jar holding only the manifest of socketwatch-core's: its classes come from the child's class path. */
    private static Path agentJar(Path directory) throws IOException {
        Manifest manifest = new Manifest();
        Attributes attributes = manifest.getMainAttributes();
        attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.putValue("Premain-Class", SocketWatchAgent.class.getName());
        attributes.putValue("Can-Retransform-Classes", "true");
        attributes.putValue("Can-Redefine-Classes", "true");
        Path jar = directory.resolve("agent.jar");
        try (OutputStream out = Files.newOutputStream(jar)) {
            new JarOutputStream(out, manifest).finish(); // the manifest alone
        }
        return jar;
    }

    /** Opens a connection, then records a window in which both ends are used once. */
    static final class OpensBeforeAnyRecording {

        public static void main(String[] args) throws IOException {
            InetAddress loopback = InetAddress.getLoopbackAddress();
            try (ServerSocket server = new ServerSocket(0, 50, loopback)) {
                // each on one line with its statement, to name the line the opening site should have
                Socket client = new Socket(loopback, server.getLocalPort()); int connectLine = thisLine();
                Socket accepted = server.accept(); int acceptLine = thisLine();
                SocketActivity activity;
                try (SocketWatcher watcher = SocketWatcher.start()) {
                    client.getOutputStream().write(1);
                    accepted.getInputStream().read();
                    activity = watcher.stop();
                }
                client.close();
                accepted.close();
                System.out.println(connectLine + " " + acceptLine);
                activity.connections().stream().sorted(Comparator.comparing(TcpConnection::side))
                        .forEach(connection -> System.out.println(connection.side() + " " + connection.origin() + " "
                                + fileAndLine(connection)));
            }
        }

        private static int thisLine() {
            return new Throwable().getStackTrace()[1].getLineNumber();
        }

        private static String fileAndLine(TcpConnection connection) {
            StackTraceElement frame = connection.openingSite().frame();
            return frame == null ? "no opening site" : frame.getFileName() + ":" + frame.getLineNumber();
        }
    }
}
