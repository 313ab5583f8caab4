package io.socketwatch.internal.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import io.socketwatch.internal.os.FourTuple;
import io.socketwatch.internal.os.NetlinkSocketTableReader;
import io.socketwatch.internal.os.NetstatReader;
import io.socketwatch.internal.os.ProcNetTcpReader;
import io.socketwatch.internal.os.SocketEntry;
import io.socketwatch.internal.os.SocketTableReaders;
import io.socketwatch.model.TcpState;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

@EnabledOnOs(OS.LINUX)
class StateLookupTests {

    @Test
    void lookingUpAndScanningAgreeOnPresentAndAbsentTuples() throws Exception {
        try (NetlinkSocketTableReader netlink = NetlinkSocketTableReader.open();
             ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
             Socket client = new Socket("127.0.0.1", server.getLocalPort());
             Socket accepted = server.accept()) {
            FourTuple clientEnd = new FourTuple((InetSocketAddress) client.getLocalSocketAddress(),
                    (InetSocketAddress) client.getRemoteSocketAddress());
            FourTuple absent = new FourTuple(new InetSocketAddress("127.0.0.1", 9), new InetSocketAddress("127.0.0.1", 9));
            List<FourTuple> tuples = List.of(clientEnd, clientEnd.reversed(), absent);

            Map<FourTuple, SocketEntry> lookedUp = StateLookup.lookingUp(netlink).lookup(tuples);
            Map<FourTuple, SocketEntry> scanned = StateLookup.scanning(new ProcNetTcpReader()).lookup(tuples);

            assertThat(lookedUp).containsOnlyKeys(clientEnd, clientEnd.reversed());
            assertThat(lookedUp.values()).extracting(SocketEntry::state).containsOnly(TcpState.ESTABLISHED);
            assertThat(lookedUp.keySet()).isEqualTo(scanned.keySet());
            assertThat(lookedUp.get(clientEnd).inode()).isEqualTo(scanned.get(clientEnd).inode());
            assertThat(accepted.isConnected()).isTrue();
        }
    }

    @Test
    void prefersLookUpsOnLinuxAndThenHasNoLimitationToReport() {
        assertThat(StateLookup.preferringLookups().limitation()).isEmpty();
    }

    @Test
    void onMacOsScansWithNetstatAndSaysSo() {
        StateLookup states = StateLookup.preferring(new SocketTableReaders.LookupReader(
                NetstatReader.forOs("Mac OS X").orElseThrow(), Optional.of("netstat is the table there")));
        assertThat(states.limitation()).isEqualTo("socketwatch read socket states by scanning the whole OS table "
                + "(netstat -an -W -p tcp (Mac OS X)) because netstat is the table there; each check runs netstat "
                + "once");
    }

    @Test
    void scanningCarriesTheReasonItWasChosen() {
        assertThat(StateLookup.scanning(new ProcNetTcpReader(), "why").limitation()).isEqualTo("why");
        assertThat(StateLookup.scanning(new ProcNetTcpReader()).limitation()).isEmpty();
    }
}
