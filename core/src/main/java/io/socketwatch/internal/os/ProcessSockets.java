package io.socketwatch.internal.os;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/** This process's sockets, as the inodes its file descriptors point to ({@code /proc/self/fd/N -> socket:[inode]}). */
public final class ProcessSockets {

    private ProcessSockets() {
    }

    /**
     * Returns the inodes of every socket this process holds open.
     *
     * @throws SocketTableException if {@code /proc/self/fd} cannot be listed
     */
    public static Set<Long> ownInodes() {
        Path fds = Path.of("/proc/self/fd");
        Set<Long> inodes = new HashSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(fds)) {
            for (Path fd : entries) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (NoSuchFileException | java.nio.file.NotLinkException closedMeanwhile) {
                    continue;
                }
                if (target.startsWith("socket:[") && target.endsWith("]")) {
                    inodes.add(Long.parseLong(target, 8, target.length() - 1, 10));
                }
            }
        } catch (IOException e) {
            throw new SocketTableException(fds + ": cannot list: " + e, e);
        }
        return inodes;
    }
}
