package io.socketwatch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Finds lines of a test's own source file by the markers at their ends, {@code // line: name}, so that a test can
 * expect the line a connection was opened at without counting lines. The file is found from the class alone: the
 * source of its top-level class, under {@code src/test/java} of the module whose {@code target/test-classes} it was
 * compiled to, whatever the working directory.
 */
public final class SourceLines {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{line:([a-z0-9-]+)}");

    private SourceLines() {
    }

    /** Returns the line of {@code type}'s source file that ends with {@code // line: marker}; exactly one must. */
    public static int line(Class<?> type, String marker) {
        List<String> lines = read(source(type));
        int[] marked = IntStream.range(0, lines.size())
                .filter(i -> lines.get(i).endsWith("// line: " + marker))
                .toArray();
        if (marked.length != 1) {
            throw new IllegalArgumentException(marked.length + " lines of " + fileName(type) + " are marked "
                    + marker + ", not 1");
        }
        return marked[0] + 1;
    }

    /** Replaces each {@code {line:marker}} in {@code expected} with the line of {@code type} marked so. */
    public static String withLines(Class<?> type, String expected) {
        return PLACEHOLDER.matcher(expected).replaceAll(match -> Integer.toString(line(type, match.group(1))));
    }

    /** Returns the name of the file that holds {@code type}, as stack frames print it, e.g. {@code FooTests.java}. */
    public static String fileName(Class<?> type) {
        return topLevel(type).getSimpleName() + ".java";
    }

    /** Returns the source file of {@code type}'s top-level class in its module's {@code src/test/java}. */
    public static Path source(Class<?> type) {
        Class<?> topLevel = topLevel(type);
        Path compiledTo;
        try {
            compiledTo = Path.of(topLevel.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (!Files.isDirectory(compiledTo)) {
            throw new IllegalStateException(topLevel + " was not compiled to a directory of a module but is in "
                    + compiledTo + ": its source cannot be found");
        }
        return compiledTo.getParent().getParent().resolve("src/test/java")
                .resolve(topLevel.getName().replace('.', '/') + ".java");
    }

    private static Class<?> topLevel(Class<?> type) {
        Class<?> outer = type;
        while (outer.getEnclosingClass() != null) {
            outer = outer.getEnclosingClass();
        }
        return outer;
    }

    private static List<String> read(Path source) {
        try {
            return Files.readAllLines(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
