package io.socketwatch.internal.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import io.socketwatch.SocketWatcher;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection;
import io.socketwatch.model.TcpState;
import io.socketwatch.testing.ChildJvm;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/**
 * The one-line notices socketwatch prints on standard error while installing its agent, each seen from a child JVM
 * started with the options that cause it.
 */
class AgentNoticesTests {

    /**
     * A JVM that refuses the agent: it has no attach listener ({@code -XX:+DisableAttachMechanism}), no
     * {@code jdk.management} module for an in-process agent load, and on JDK 21+ dynamic agent loading off.
     */
    @Test
    void aRefusedAttachIsExplainedOnceAndRecordingGoesOnInOsOnlyMode() throws Exception {
        List<String> options = new ArrayList<>(List.of("-XX:+DisableAttachMechanism",
                "--limit-modules", "java.base,java.instrument,java.management,java.sql,java.naming,jdk.unsupported"));
        if (Runtime.version().feature() >= 21) {
            options.add("-XX:-EnableDynamicAgentLoading");
        }
        ChildJvm.Result child = ChildJvm.run(OsOnlyChild.class, options);

        assertThat(child.exitCode()).as(child.toString()).isZero();
        List<String> notices = child.stderr().stream().filter(line -> line.startsWith("socketwatch:")).toList();
        assertThat(notices).as(child.toString()).containsExactly("socketwatch: cannot attach its agent to this JVM "
                + "(it runs with -XX:+DisableAttachMechanism); running in OS-only mode: connections are seen only in "
                + "the OS table, without opening sites or per-test attribution. Add -javaagent:<socketwatch-core jar> "
                + "to the test JVM's argLine to fix this.");
        assertThat(child.stdout()).as(child.toString()).containsExactly(
                "instrumented: false",
                "notes: 1, first: OS-only mode (cannot attach its agent to this JVM",
                "connections: 2 ESTABLISHED",
                "second window notes: 1");
    }

    /** JDK 21+ warns when an agent is loaded at run time: socketwatch says, once, how to load it quietly. */
    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void anAttachAtRunTimeSaysHowToSilenceTheJdksWarning() throws Exception {
        ChildJvm.Result child = ChildJvm.run(AttachingChild.class, List.of());

        assertThat(child.exitCode()).as(child.toString()).isZero();
        assertThat(child.stdout()).as(child.toString()).containsExactly("instrumented: true");
        assertThat(child.stderr().stream().filter(line -> line.startsWith("socketwatch:")).toList())
                .as(child.toString())
                .containsExactly("socketwatch: attached its agent at run time; add -XX:+EnableDynamicAgentLoading "
                        + "(or -javaagent:<socketwatch-core jar>) to the test JVM's argLine to silence the JDK's "
                        + "warning.");
    }

    /** Installs the agent twice, as two watched tests would. */
    static final class AttachingChild {
        public static void main(String[] args) {
            SocketWatcher.start().stop();
            SocketWatcher.start().stop();
            System.out.println("instrumented: " + Recordings.isInstrumented());
        }
    }

    /** The program run in the refusing JVM: two recordings, one connection left open in the first. */
    static final class OsOnlyChild {
        public static void main(String[] args) throws IOException {
            InetAddress loopback = InetAddress.getLoopbackAddress();
            try (ServerSocket server = new ServerSocket(0, 50, loopback)) {
                SocketActivity activity;
                try (SocketWatcher watcher = SocketWatcher.start();
                     Socket client = new Socket(loopback, server.getLocalPort());
                     Socket accepted = server.accept()) {
                    activity = watcher.activity();
                }
                System.out.println("instrumented: " + Recordings.isInstrumented());
                String note = activity.notes().get(0);
                System.out.println("notes: " + activity.notes().size() + ", first: "
                        + note.substring(0, note.indexOf(" (") + " (cannot attach its agent to this JVM".length()));
                System.out.println("connections: " + activity.connections().size() + " "
                        + String.join(",", activity.connections().stream().map(TcpConnection::state)
                        .map(TcpState::name).distinct().toList()));
                try (SocketWatcher second = SocketWatcher.start()) {
                    System.out.println("second window notes: " + second.stop().notes().size());
                }
            }
        }
    }
}
