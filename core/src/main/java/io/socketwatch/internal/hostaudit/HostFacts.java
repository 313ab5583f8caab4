package io.socketwatch.internal.hostaudit;

import io.socketwatch.internal.os.ProcFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Reads the kernel release, the distribution and the TCP sysctls the audit shows, from a {@code /proc}-like root. */
final class HostFacts {

    /** The sysctls the audit reports, in display order. */
    static final List<String> SYSCTLS = List.of(
            "net.ipv4.ip_local_port_range",
            "net.ipv4.tcp_tw_reuse",
            "net.ipv4.tcp_max_tw_buckets",
            "net.ipv4.tcp_fin_timeout",
            "net.core.somaxconn");

    private final Path root;

    HostFacts(Path root) {
        this.root = root;
    }

    ObservedValue kernelRelease() {
        return read("kernel release", root.resolve("proc/sys/kernel/osrelease"));
    }

    ObservedValue distribution() {
        Path file = root.resolve("etc/os-release");
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return ObservedValue.known("distribution", line.substring("PRETTY_NAME=".length()).replace("\"", ""));
                }
            }
            return ObservedValue.unknown("distribution", file + " has no PRETTY_NAME");
        } catch (NoSuchFileException e) {
            return ObservedValue.unknown("distribution", file + " does not exist");
        } catch (IOException e) {
            return ObservedValue.unknown("distribution", "cannot read " + file + ": " + e.getMessage());
        }
    }

    ObservedValue sysctl(String name) {
        return read(name, root.resolve("proc/sys").resolve(name.replace('.', '/')));
    }

    private static ObservedValue read(String name, Path file) {
        try {
            return ObservedValue.known(name, ProcFiles.read(file));
        } catch (NoSuchFileException e) {
            return ObservedValue.unknown(name, file + " does not exist");
        } catch (IOException e) {
            return ObservedValue.unknown(name, "cannot read " + file + ": " + e.getMessage());
        }
    }
}
