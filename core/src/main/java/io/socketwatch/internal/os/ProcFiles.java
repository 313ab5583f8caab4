package io.socketwatch.internal.os;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Reads {@code /proc} files, whose reported size is no guide to their content. */
public final class ProcFiles {

    private static final int FIRST_READ = 64 * 1024;

    private ProcFiles() {
    }

    /**
     * Reads the whole file as ASCII by streaming it ({@code Files.readString} trusts the reported size and has been
     * seen to return the first byte of a {@code /proc/sys} file only).
     */
    public static String read(Path file) throws IOException {
        return new String(readBytes(file), StandardCharsets.US_ASCII);
    }

    /**
     * Reads the whole file's bytes by streaming it, like {@link #read(Path)}, in reads that double in size: a
     * {@code /proc/net/tcp} of 50,000 rows (7 MB) comes in a few dozen system calls rather than a thousand.
     */
    public static byte[] readBytes(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[FIRST_READ];
            int length = 0;
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer, length, buffer.length - length)) {
                length += read;
                if (length == buffer.length) {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                }
            }
            return Arrays.copyOf(buffer, length);
        }
    }
}
