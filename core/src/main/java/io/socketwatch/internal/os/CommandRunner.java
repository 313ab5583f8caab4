package io.socketwatch.internal.os;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command to completion within a time limit and returns its standard output. The output goes to a temporary
 * file, not a pipe, so a large output cannot block the command while nobody reads.
 */
final class CommandRunner {

    private final Duration timeout;

    /** Gives each command at most {@code timeout}; one that takes longer is destroyed (with its descendants). */
    CommandRunner(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * Runs {@code command} and returns what it wrote to standard output.
     *
     * @throws SocketTableException naming the command if it cannot start, exceeds the timeout (it is then destroyed),
     *                              exits with a status other than 0 (quoting the start of its standard error), or the
     *                              thread is interrupted (whose flag is then set again)
     */
    byte[] run(List<String> command) {
        String name = String.join(" ", command);
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("socketwatch-netstat", ".out");
            err = Files.createTempFile("socketwatch-netstat", ".err");
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .start();
            process.getOutputStream().close(); // nothing to read: end of input at once
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new SocketTableException("'" + name + "' did not finish within " + timeout.toMillis()
                            + " ms and was stopped");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SocketTableException("interrupted while waiting for '" + name + "'", e);
            } finally {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            if (process.exitValue() != 0) {
                String stderr = new String(Files.readAllBytes(err), StandardCharsets.ISO_8859_1)
                        .strip();
                throw new SocketTableException("'" + name + "' exited with status " + process.exitValue()
                        + (stderr.isEmpty() ? "" : ": " + stderr.substring(0, Math.min(200, stderr.length()))));
            }
            return Files.readAllBytes(out);
        } catch (IOException e) {
            throw new SocketTableException("cannot run '" + name + "': " + e.getMessage(), e);
        } finally {
            delete(out);
            delete(err);
        }
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file left behind costs nothing worth failing a check for
            }
        }
    }
}
