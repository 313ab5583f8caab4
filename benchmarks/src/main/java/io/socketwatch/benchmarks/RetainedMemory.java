package io.socketwatch.benchmarks;

import io.socketwatch.internal.tracker.Recording;
import io.socketwatch.internal.tracker.Recordings;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.ObjectName;

/**
 * Bytes the tracker retains per closed connection inside a recording window: the live heap's class histogram (after
 * a full collection) is taken after {@value #FIRST} loopback connections and again after {@value #MORE} more, and
 * the growth is divided by the connections the window gained. Printed per class, then summed with and without the
 * opening stacks (the classes a captured site is made of), which the goal excludes. Not a JMH benchmark: it
 * measures bytes, not time. Run:
 * {@code java -XX:+EnableDynamicAgentLoading -cp benchmarks/target/benchmarks.jar io.socketwatch.benchmarks.RetainedMemory}
 */
public final class RetainedMemory {

    private static final int FIRST = 1_000;
    private static final int MORE = 5_000;

    /**
     * What a captured opening site is made of until it is resolved: a {@code Throwable} and the JVM's backtrace
     * behind it (chunks of 32 frames: method ids, bytecode indexes, names, class mirrors, in primitive and object
     * arrays), and the holder. The tracker keeps no other per-connection array.
     */
    private static final Set<String> STACK_CLASSES = Set.of("java.lang.Throwable", "[S", "[I", "[J",
            "[Ljava.lang.Object;", "io.socketwatch.internal.tracker.CapturedSite");

    private RetainedMemory() {
    }

    public static void main(String[] args) throws Exception {
        Recordings.install();
        try (ServerSocket server = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress())) {
            AtomicInteger accepted = new AtomicInteger();
            Thread acceptor = new Thread(() -> acceptAndClose(server, accepted), "acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
            Recording window = Recordings.startRecording(Duration.ofSeconds(1), 100_000);
            connectAndClose(server, FIRST, accepted);
            Map<String, Long> before = liveBytesByClass();
            connectAndClose(server, MORE, accepted);
            Map<String, Long> after = liveBytesByClass();
            long added = 2L * MORE; // both ends of each loopback connection are tracked
            long total = 0;
            long stacks = 0;
            System.out.printf("bytes retained per closed connection (%d connections, both ends of %d), by class:%n",
                    added, MORE);
            for (Map.Entry<String, Long> grown : growth(before, after).entrySet()) {
                long perConnection = grown.getValue() / added;
                if (perConnection == 0) {
                    continue;
                }
                System.out.printf("%8d  %s%n", perConnection, grown.getKey());
                total += perConnection;
                if (STACK_CLASSES.contains(grown.getKey())) {
                    stacks += perConnection;
                }
            }
            System.out.printf("%8d  in all%n%8d  without the opening stack%n", total, total - stacks);
            window.stop();
        }
    }

    private static Map<String, Long> growth(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> grown = new java.util.TreeMap<>();
        after.forEach((type, bytes) -> grown.put(type, bytes - before.getOrDefault(type, 0L)));
        return grown.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a,
                        java.util.LinkedHashMap::new));
    }

    /** The live heap by class, from the JVM's class histogram (which collects garbage first). */
    private static Map<String, Long> liveBytesByClass() throws Exception {
        String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        Map<String, Long> bytes = new HashMap<>();
        for (String line : histogram.split("\n")) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length >= 4 && columns[0].endsWith(":")) {
                bytes.merge(columns[3], Long.parseLong(columns[2]), Long::sum);
            }
        }
        return bytes;
    }

    /** Opens and closes {@code count} connections, and returns once the server accepted each of them. */
    private static void connectAndClose(ServerSocket server, int count, AtomicInteger accepted)
            throws IOException, InterruptedException {
        int expected = accepted.get() + count;
        for (int i = 0; i < count; i++) {
            Socket socket = new Socket(server.getInetAddress(), server.getLocalPort());
            socket.setSoLinger(true, 0); // no TIME_WAIT left behind
            socket.close();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (accepted.get() < expected) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the server accepted " + accepted.get() + " of " + expected);
            }
            Thread.onSpinWait();
        }
    }

    private static void acceptAndClose(ServerSocket server, AtomicInteger accepted) {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                socket.setSoLinger(true, 0);
                accepted.incrementAndGet();
            } catch (IOException closed) {
                return;
            }
        }
    }
}
