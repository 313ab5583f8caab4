package io.socketwatch.internal.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.socketwatch.internal.tracker.Recordings;
import io.socketwatch.internal.tracker.SocketWatchAgent;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The in-process agent load, in a fresh JVM: this test JVM may have its agent already. */
class InProcessAttachTests {

    @Test
    void aFreshJvmGetsTheInstrumentationWithoutAChildProcessAndTheTrackerUsesIt() throws Exception {
        Process jvm = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+EnableDynamicAgentLoading", "-cp", System.getProperty("java.class.path"),
                FreshJvm.class.getName()))
                .start();
        jvm.getOutputStream().close();
        assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(jvm.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(out).as(err).isEqualTo("""
                before: null
                retransforms: true, handed to SocketWatchAgent: true, child processes: 0
                instrumented: true
                """);
        assertThat(err).isEmpty();
    }

    /** Run in the fresh JVM. */
    public static final class FreshJvm {

        public static void main(String[] arguments) throws Exception {
            System.out.println("before: " + SocketWatchAgent.givenInstrumentation());
            Instrumentation instrumentation = InProcessAttach.load(SocketWatchAgent.class);
            System.out.println("retransforms: " + instrumentation.isRetransformClassesSupported()
                    + ", handed to SocketWatchAgent: " + (SocketWatchAgent.givenInstrumentation() == instrumentation)
                    + ", child processes: " + ProcessHandle.current().descendants().count());
            Recordings.install();
            System.out.println("instrumented: " + Recordings.isInstrumented());
        }

        private FreshJvm() {
        }
    }
}
