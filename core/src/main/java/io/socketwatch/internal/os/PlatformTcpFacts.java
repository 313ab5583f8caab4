package io.socketwatch.internal.os;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The TCP defaults of an operating system that socketwatch's messages quote: how long TIME_WAIT holds a local port,
 * and how many ephemeral ports the default range has. Defaults only: a host may be tuned otherwise.
 *
 * @param system         the system's name as messages give it, e.g. {@code Linux}
 * @param timeWait       how long TIME_WAIT lasts by default
 * @param ephemeralPorts ports in the default ephemeral range
 * @param portRange      that range, as the system's setting names it
 */
public record PlatformTcpFacts(String system, Duration timeWait, int ephemeralPorts, String portRange) {

    /** Linux: 60 s (TCP_TIMEWAIT_LEN, fixed), ports 32768-60999. */
    public static final PlatformTcpFacts LINUX = new PlatformTcpFacts("Linux", Duration.ofSeconds(60), 28_232,
            "net.ipv4.ip_local_port_range 32768-60999");
    /** macOS: 2 x net.inet.tcp.msl (15 s) = 30 s, ports 49152-65535. */
    public static final PlatformTcpFacts MACOS = new PlatformTcpFacts("macOS", Duration.ofSeconds(30), 16_384,
            "net.inet.ip.portrange.first/last 49152-65535");
    /** FreeBSD: 2 x net.inet.tcp.msl (30 s) = 60 s, ports 10000-65535. */
    public static final PlatformTcpFacts FREEBSD = new PlatformTcpFacts("FreeBSD", Duration.ofSeconds(60), 55_536,
            "net.inet.ip.portrange.first/last 10000-65535");
    /**
     * Windows 10 and Server 2016 or later (all Java 17 runs on): TcpTimedWaitDelay's default 120 s, dynamic ports
     * 49152-65535. Older releases defaulted to 240 s; a TcpTimedWaitDelay set in the registry is not read.
     */
    public static final PlatformTcpFacts WINDOWS = new PlatformTcpFacts("Windows", Duration.ofSeconds(120), 16_384,
            "netsh int ipv4 show dynamicport tcp 49152-65535");

    public PlatformTcpFacts {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(timeWait, "timeWait");
        Objects.requireNonNull(portRange, "portRange");
        if (timeWait.isZero() || timeWait.isNegative() || ephemeralPorts <= 0) {
            throw new IllegalArgumentException("timeWait and ephemeralPorts must be positive: " + timeWait + ", "
                    + ephemeralPorts);
        }
    }

    /** The facts of the system this JVM runs on. */
    public static PlatformTcpFacts current() {
        return forOs(System.getProperty("os.name", ""));
    }

    /** The facts for {@code osName} (the {@code os.name} property); Linux's for any system not known here. */
    public static PlatformTcpFacts forOs(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return MACOS;
        }
        if (os.startsWith("freebsd")) {
            return FREEBSD;
        }
        if (os.startsWith("windows")) {
            return WINDOWS;
        }
        return LINUX;
    }

    /** TIME_WAIT's duration in whole seconds. */
    public long timeWaitSeconds() {
        return timeWait.toSeconds();
    }

    /** New connections per second to one endpoint that the default ephemeral ports sustain, rounded down. */
    public long sustainedConnectionsPerSecond() {
        return ephemeralPorts / timeWaitSeconds();
    }

    /** The ephemeral port count with thousands separators, e.g. {@code 28,232}. */
    public String ephemeralPortsText() {
        return String.format(Locale.ROOT, "%,d", ephemeralPorts);
    }
}
