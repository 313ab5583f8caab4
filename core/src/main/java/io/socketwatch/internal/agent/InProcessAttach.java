package io.socketwatch.internal.agent;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.CodeSource;
import java.time.LocalDateTime;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.management.ObjectName;

/**
 * Loads socketwatch's agent into this JVM through the {@code DiagnosticCommand} MBean's {@code jvmtiAgentLoad}, the
 * in-process equivalent of {@code jcmd <pid> JVMTI.agent_load}. Unlike an attach, it needs no child process and is
 * allowed without {@code -Djdk.attach.allowAttachSelf}; it is dynamic loading all the same, so JDK 21+ warns about it
 * unless {@code -XX:+EnableDynamicAgentLoading} is set, and refuses it when that flag is turned off.
 *
 * <p>The agent jar is socketwatch-core's own when socketwatch runs from it, else a temporary jar holding nothing but
 * a manifest. Either way the JVM loads its {@code Agent-Class}, the entry class the caller names, through the system
 * class loader, so this works only when socketwatch is on the system class path. Needs the {@code jdk.management}
 * module.
 */
public final class InProcessAttach {

    private static final String DIAGNOSTIC_COMMAND = "com.sun.management:type=DiagnosticCommand";
    private static final String AGENT_CLASS = "Agent-Class";
    private static final String CAN_RETRANSFORM = "Can-Retransform-Classes";
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

    private InProcessAttach() {
    }

    /**
     * Loads the agent and returns the instrumentation it was given.
     *
     * @param entryClass the agent's entry class, in socketwatch-core's jar: it has {@code agentmain} and a public static
     *                   {@code givenInstrumentation()} that returns what {@code agentmain} was given
     * @throws Exception when the MBean is missing, refuses, or the agent got no instrumentation: the caller falls back
     *                   to another way of attaching
     */
    public static Instrumentation load(Class<?> entryClass) throws Exception {
        // the copy of the entry class the JVM will hand the instrumentation to, which need not be this one; looked up
        // first, as the JVM would print its own stack trace on failing to find it
        Class<?> agent = Class.forName(entryClass.getName(), false, ClassLoader.getSystemClassLoader());
        Path jar = ownJar(entryClass);
        if (jar == null) {
            jar = manifestOnlyJar(entryClass.getName());
        }
        Object answer = ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName(DIAGNOSTIC_COMMAND),
                "jvmtiAgentLoad", new Object[] {new String[] {jar.toString()}},
                new String[] {String[].class.getName()});
        Object instrumentation = agent.getMethod("givenInstrumentation").invoke(null);
        if (instrumentation == null) {
            throw new IllegalStateException("jvmtiAgentLoad gave the agent no instrumentation: " + answer);
        }
        return (Instrumentation) instrumentation;
    }

    /** Returns socketwatch-core's own jar when it runs from it: its manifest names the agent already. */
    private static Path ownJar(Class<?> entryClass) {
        try {
            CodeSource source = entryClass.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return null;
            }
            Path path = Path.of(source.getLocation().toURI());
            if (!Files.isRegularFile(path)) {
                return null; // a classes directory
            }
            try (JarFile jar = new JarFile(path.toFile(), false)) {
                Manifest manifest = jar.getManifest();
                return manifest != null && entryClass.getName().equals(manifest.getMainAttributes().getValue(AGENT_CLASS))
                        && "true".equals(manifest.getMainAttributes().getValue(CAN_RETRANSFORM)) ? path : null;
            }
        } catch (URISyntaxException | IOException | RuntimeException notAJar) {
            return null;
        }
    }

    /**
     * Writes a jar holding only the agent's manifest. Its name is made unique by the clock rather than by
     * {@link Files#createTempFile}, whose {@code SecureRandom} costs tens of milliseconds on a cold JVM; it is created
     * exclusively, and kept until the JVM exits since the JVM appends it to the system class path.
     */
    private static Path manifestOnlyJar(String entryClass) throws IOException {
        Manifest manifest = new Manifest();
        Attributes attributes = manifest.getMainAttributes();
        attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.putValue(AGENT_CLASS, entryClass);
        attributes.putValue("Can-Redefine-Classes", "true");
        attributes.putValue(CAN_RETRANSFORM, "true");
        Path jar = Path.of(System.getProperty("java.io.tmpdir"),
                "socketwatch-agent-" + Long.toHexString(System.nanoTime()) + ".jar");
        try (OutputStream file = Files.newOutputStream(jar, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             ZipOutputStream out = new ZipOutputStream(file)) {
            jar.toFile().deleteOnExit();
            ZipEntry entry = new ZipEntry(JarFile.MANIFEST_NAME);
            entry.setTimeLocal(ENTRY_TIME); // a given time, so that no time zone is loaded to convert the clock's
            out.putNextEntry(entry);
            manifest.write(out);
            out.closeEntry();
        }
        return jar;
    }
}
