package io.socketwatch.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a class's {@code main} in a fresh JVM on this test JVM's class path, for what a JVM decides once. */
public final class ChildJvm {

    /** What the child printed, line by line, and how it ended. */
    public record Result(int exitCode, List<String> stdout, List<String> stderr) {
    }

    private ChildJvm() {
    }

    /** Runs {@code main} with the JVM {@code options}, for at most 60 s. */
    public static Result run(Class<?> main, List<String> options) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child JVM did not end within 60 s: " + command);
        }
        return new Result(process.exitValue(), lines(process.getInputStream().readAllBytes()),
                lines(process.getErrorStream().readAllBytes()));
    }

    private static List<String> lines(byte[] output) {
        return new String(output, StandardCharsets.UTF_8).lines().toList();
    }
}
