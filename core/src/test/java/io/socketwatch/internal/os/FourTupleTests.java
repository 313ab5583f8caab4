package io.socketwatch.internal.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class FourTupleTests {

    @Test
    void ipv4MappedAddressesEqualTheirIpv4Address() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1};
        InetAddress dualStack = Inet6Address.getByAddress(null, mapped, -1);
        assertThat(dualStack).isInstanceOf(Inet6Address.class);

        FourTuple seenInTcp6 = new FourTuple(new InetSocketAddress(dualStack, 40000), new InetSocketAddress(dualStack, 80));
        FourTuple seenByJava = new FourTuple(
                new InetSocketAddress("127.0.0.1", 40000), new InetSocketAddress("127.0.0.1", 80));

        assertThat(seenInTcp6).isEqualTo(seenByJava).hasSameHashCodeAs(seenByJava);
        assertThat(seenInTcp6.local().getAddress()).isInstanceOf(Inet4Address.class);
    }

    @Test
    void realIpv6StaysIpv6AndPrintsInBrackets() throws Exception {
        FourTuple tuple = new FourTuple(
                new InetSocketAddress(InetAddress.getByName("::1"), 40000), new InetSocketAddress("127.0.0.1", 80));
        assertThat(tuple.local().getAddress()).isInstanceOf(Inet6Address.class);
        assertThat(tuple).hasToString("[0:0:0:0:0:0:0:1]:40000 -> 127.0.0.1:80");
        assertThat(tuple.reversed().reversed()).isEqualTo(tuple);
        assertThat(tuple.reversed().local()).isEqualTo(tuple.remote());
    }

    @Test
    void rejectsUnresolvedEndpoints() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new FourTuple(InetSocketAddress.createUnresolved("example.invalid", 1),
                        new InetSocketAddress("127.0.0.1", 80)))
                .withMessageStartingWith("unresolved endpoint: example.invalid");
    }
}
