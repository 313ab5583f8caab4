package io.socketwatch.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.socketwatch.ClientAudit;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A user without OkHttp, Apache HttpClient or HikariCP audits the JDK's clients without NoClassDefFoundError. */
class OptionalLibrariesTests {

    @Test
    void theJdkAuditsRunWithOnlySocketwatchOnTheClassPath() throws Exception {
        URL[] classPath = {location(ClientAudit.class), location(JdkOnlyUser.class)};
        try (URLClassLoader bare = new URLClassLoader(classPath, ClassLoader.getPlatformClassLoader())) {
            assertThat(bare.getResource("okhttp3/OkHttpClient.class")).isNull();
            Class<?> user = Class.forName(JdkOnlyUser.class.getName(), true, bare);
            @SuppressWarnings("unchecked")
            Supplier<String> audit = (Supplier<String>) user.getConstructor().newInstance();
            assertThat(audit.get()).startsWith("socketwatch client audit: ");
        }
    }

    private static URL location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toUri().toURL();
    }
}
