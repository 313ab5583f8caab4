package io.socketwatch.internal.clientaudit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * Where the JDK's clients read their system-wide settings: a system property, else for {@code jdk.httpclient.*}
 * the JDK's {@code conf/net.properties}. A lookup function, so tests can pass their own.
 */
public final class NetProperties {

    private final UnaryOperator<String> lookup;

    private NetProperties(UnaryOperator<String> lookup) {
        this.lookup = lookup;
    }

    /** Returns settings read from {@code lookup}, which answers {@code null} for an unset name. */
    public static NetProperties of(UnaryOperator<String> lookup) {
        return new NetProperties(lookup);
    }

    /** Returns this JVM's settings: system properties, then {@code $JAVA_HOME/conf/net.properties}. */
    public static NetProperties system() {
        Properties net = new Properties();
        Path file = Path.of(System.getProperty("java.home"), "conf", "net.properties");
        try (InputStream in = Files.newInputStream(file)) {
            net.load(in);
        } catch (IOException e) {
            // no net.properties: system properties alone decide, as they do for the JDK
        }
        return new NetProperties(name -> {
            String value = System.getProperty(name);
            return value != null ? value : net.getProperty(name);
        });
    }

    /** Returns the setting's value, or empty if it is not set. */
    public Optional<String> get(String name) {
        return Optional.ofNullable(lookup.apply(name)).map(String::trim);
    }
}
