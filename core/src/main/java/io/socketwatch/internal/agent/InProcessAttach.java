package io.socketwatch.internal.agent;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.management.ObjectName;

/**
 * Loads socketwatch's agent into this JVM through the {@code DiagnosticCommand} MBean's {@code jvmtiAgentLoad}, the
 * in-process equivalent of {@code jcmd <pid> JVMTI.agent_load}. Unlike an attach, it needs no child process and is
 * allowed without {@code -Djdk.attach.allowAttachSelf}; it is dynamic loading all the same, so JDK 21+ warns about it
 * unless {@code -XX:+EnableDynamicAgentLoading} is set, and refuses it when that flag is turned off.
 *
 * <p>The agent jar holds nothing but a manifest: the JVM loads its {@code Agent-Class}, {@link SocketWatchAgent},
 * through the system class loader, so this works only when socketwatch is on the system class path. Needs the
 * {@code jdk.management} module.
 */
public final class InProcessAttach {

    private static final String DIAGNOSTIC_COMMAND = "com.sun.management:type=DiagnosticCommand";

    private InProcessAttach() {
    }

    /**
     * Loads the agent and returns the instrumentation it was given.
     *
     * @throws Exception when the MBean is missing, refuses, or the agent got no instrumentation: the caller falls back
     *                   to another way of attaching
     */
    public static Instrumentation load() throws Exception {
        Path jar = manifestOnlyJar();
        Object answer = ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName(DIAGNOSTIC_COMMAND),
                "jvmtiAgentLoad", new Object[] {new String[] {jar.toString()}},
                new String[] {String[].class.getName()});
        // the copy of SocketWatchAgent that the JVM handed the instrumentation to, which need not be this one
        Class<?> agent = Class.forName(SocketWatchAgent.class.getName(), true, ClassLoader.getSystemClassLoader());
        Object instrumentation = agent.getMethod("givenInstrumentation").invoke(null);
        if (instrumentation == null) {
            throw new IllegalStateException("jvmtiAgentLoad gave the agent no instrumentation: " + answer);
        }
        return (Instrumentation) instrumentation;
    }

    private static Path manifestOnlyJar() throws IOException {
        Manifest manifest = new Manifest();
        Attributes attributes = manifest.getMainAttributes();
        attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.putValue("Agent-Class", SocketWatchAgent.class.getName());
        attributes.putValue("Can-Redefine-Classes", "true");
        attributes.putValue("Can-Retransform-Classes", "true");
        Path jar = Files.createTempFile("socketwatch-agent-", ".jar");
        jar.toFile().deleteOnExit(); // the JVM appended it to the system class path: kept while the JVM runs
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.flush();
        }
        return jar;
    }
}
