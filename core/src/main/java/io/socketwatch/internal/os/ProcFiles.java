package io.socketwatch.internal.os;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads {@code /proc} files, whose reported size is no guide to their content. */
public final class ProcFiles {

    private ProcFiles() {
    }

    /**
     * Reads the whole file as ASCII by streaming it ({@code Files.readString} trusts the reported size and has been
     * seen to return the first byte of a {@code /proc/sys} file only).
     */
    public static String read(Path file) throws IOException {
        return new String(readBytes(file), StandardCharsets.US_ASCII);
    }

    /** Reads the whole file's bytes by streaming it, like {@link #read(Path)}. */
    public static byte[] readBytes(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readAllBytes();
        }
    }
}
