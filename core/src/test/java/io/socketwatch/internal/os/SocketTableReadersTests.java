package io.socketwatch.internal.os;

import static org.assertj.core.api.Assertions.assertThat;

import io.socketwatch.internal.os.SocketTableReaders.LookupReader;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class SocketTableReadersTests {

    @Test
    @EnabledOnOs(OS.LINUX)
    void choosesNetlinkOnLinux() {
        LookupReader chosen = SocketTableReaders.lookups();
        try {
            assertThat(chosen.fallbackReason()).isEmpty();
            assertThat(chosen.reader()).isInstanceOf(NetlinkSocketTableReader.class);
        } finally {
            ((NetlinkSocketTableReader) chosen.reader()).close();
        }
    }

    @Test
    void readsNetstatOnMacOsWithoutTryingNetlink() {
        AtomicBoolean tried = new AtomicBoolean();
        LookupReader chosen = SocketTableReaders.lookups("Mac OS X", () -> {
            tried.set(true);
            return NetlinkSocketTableReader.open();
        });
        assertThat(tried).isFalse();
        assertThat(chosen.reader()).isInstanceOf(NetstatReader.class);
        assertThat(chosen.reader().source().name()).isEqualTo("netstat -an -W -p tcp (Mac OS X)");
        assertThat(chosen.fallbackReason()).hasValue("netlink SOCK_DIAG exists only on Linux (os.name is 'Mac OS X')");
    }

    @Test
    void readsNetstatOnWindows() {
        LookupReader chosen = SocketTableReaders.lookups("Windows 10", NetlinkSocketTableReader::open);
        assertThat(chosen.reader().source().name()).isEqualTo("netstat -an (Windows 10)");
    }

    @Test
    void fallsBackToProcfsOnSystemsWithoutAKnownNetstat() {
        LookupReader chosen = SocketTableReaders.lookups("SunOS", NetlinkSocketTableReader::open);
        assertThat(chosen.reader()).isInstanceOf(ProcNetTcpReader.class);
        assertThat(chosen.fallbackReason()).hasValue("netlink SOCK_DIAG exists only on Linux (os.name is 'SunOS')");
    }

    @Test
    void fallsBackWithTheReasonWhenNetlinkCannotBeOpened() {
        LookupReader chosen = SocketTableReaders.lookups("Linux", () -> {
            throw new UnsatisfiedLinkError("Unable to load library 'c'");
        });
        assertThat(chosen.reader()).isInstanceOf(ProcNetTcpReader.class);
        assertThat(chosen.fallbackReason()).hasValue("cannot open a netlink SOCK_DIAG socket: "
                + "java.lang.UnsatisfiedLinkError: Unable to load library 'c'");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void fallsBackAndClosesTheReaderWhenTheSelfTestFails() {
        NetlinkSocketTableReader[] opened = new NetlinkSocketTableReader[1];
        LookupReader chosen = SocketTableReaders.lookups("Linux", () -> {
            opened[0] = NetlinkSocketTableReader.open();
            opened[0].close(); // a reader that cannot answer
            return opened[0];
        });
        assertThat(chosen.reader()).isInstanceOf(ProcNetTcpReader.class);
        assertThat(chosen.fallbackReason()).hasValue("netlink SOCK_DIAG failed its self-test: "
                + "java.lang.IllegalStateException: netlink socket closed");
    }
}
