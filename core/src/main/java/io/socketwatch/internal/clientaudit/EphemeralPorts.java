package io.socketwatch.internal.clientaudit;

import io.socketwatch.internal.os.PlatformTcpFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The number of ephemeral ports, from {@code /proc/sys/net/ipv4/ip_local_port_range}. */
public final class EphemeralPorts {

    private EphemeralPorts() {
    }

    /** Returns the ports in the range, or the default range's count of this system when the file cannot be read. */
    public static int count(Path rangeFile) {
        try {
            String[] range = Files.readString(rangeFile).trim().split("\\s+");
            return Integer.parseInt(range[1]) - Integer.parseInt(range[0]) + 1;
        } catch (IOException | RuntimeException e) {
            return PlatformTcpFacts.current().ephemeralPorts();
        }
    }
}
