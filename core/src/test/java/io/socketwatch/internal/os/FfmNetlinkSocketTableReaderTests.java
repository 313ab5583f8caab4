package io.socketwatch.internal.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Runs where the build compiled the JDK 22+ part (the {@code ffm} profile) and the JVM is 22+. */
@EnabledIf("ffmAvailable")
class FfmNetlinkSocketTableReaderTests extends NetlinkSocketTableReaderContract {

    @Override
    NetlinkTransport openTransport() {
        try {
            return (NetlinkTransport) Class.forName(NetlinkTransports.FFM_CLASS).getDeclaredMethod("open").invoke(null);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void isWhatTheReaderOpensOnThisJdk() {
        try (NetlinkSocketTableReader reader = NetlinkSocketTableReader.open()) {
            assertThat(reader.source().name()).contains("(FFM)");
        }
    }

    static boolean ffmAvailable() {
        if (Runtime.version().feature() < 22) {
            return false;
        }
        try {
            Class.forName(NetlinkTransports.FFM_CLASS);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
