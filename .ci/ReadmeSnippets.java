import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps the README's snippets and the consumer project identical: {@code java .ci/ReadmeSnippets.java [README.md]}.
 *
 * <p>A fenced block right after {@code <!-- snippet: FILE -->} must equal FILE (a path from the repository's root)
 * as a whole; after {@code <!-- snippet: FILE#NAME -->}, the lines of FILE between {@code snippet: NAME} and
 * {@code /snippet: NAME} markers, both without their common indentation. Every such marker in a consumer file must be
 * shown in the README. Exits 1 with each difference and the first line that differs.
 *
 * <p>A Java, XML, properties, Kotlin or Groovy block of the README that is not such a snippet, and every such block of
 * {@code docs/*.md}, must say {@code illustrative} in its first line (a comment: {@code // illustrative: ...},
 * {@code <!-- illustrative: ... -->}, {@code # illustrative: ...}): a user who pastes it knows that no build checks it.
 */
public class ReadmeSnippets {

    private static final Pattern README_MARK = Pattern.compile("<!-- snippet: ([^#\\s]+)(?:#(\\S+))? -->");
    private static final Pattern FILE_MARK = Pattern.compile("snippet: (\\S+) -->");
    private static final List<String> PASTED = List.of("java", "xml", "properties", "kotlin", "kts", "groovy");

    public static void main(String[] args) throws IOException {
        Path readme = Path.of(args.length > 0 ? args[0] : "README.md");
        Path root = readme.toAbsolutePath().getParent();
        List<String> lines = Files.readAllLines(readme);
        List<String> problems = new ArrayList<>();
        List<String> shown = new ArrayList<>();
        int checked = 0;
        for (int i = 0; i < lines.size(); i++) {
            Matcher mark = README_MARK.matcher(lines.get(i).trim());
            if (!mark.matches()) {
                continue;
            }
            String where = readme + ":" + (i + 1) + " (" + mark.group(1) + (mark.group(2) == null ? "" : "#"
                    + mark.group(2)) + ")";
            if (i + 1 >= lines.size() || !lines.get(i + 1).startsWith("```")) {
                problems.add(where + ": no fenced block right after the marker");
                continue;
            }
            int end = i + 2;
            while (end < lines.size() && !lines.get(end).startsWith("```")) {
                end++;
            }
            List<String> snippet = lines.subList(i + 2, end);
            Path file = root.resolve(mark.group(1));
            if (!Files.exists(file)) {
                problems.add(where + ": " + file + " does not exist");
                continue;
            }
            List<String> actual = Files.readAllLines(file);
            if (mark.group(2) != null) {
                shown.add(mark.group(1) + "#" + mark.group(2));
                actual = marked(actual, mark.group(2));
                if (actual == null) {
                    problems.add(where + ": no 'snippet: " + mark.group(2) + "' ... '/snippet: " + mark.group(2)
                            + "' markers in " + mark.group(1));
                    continue;
                }
            }
            String difference = difference(dedent(snippet), dedent(actual));
            if (difference != null) {
                problems.add(where + " differs from the consumer's copy\n" + difference);
            }
            checked++;
        }
        for (Path file : consumerFiles(root)) {
            List<String> content = Files.readAllLines(file);
            for (String line : content) {
                Matcher mark = FILE_MARK.matcher(line);
                if (mark.find() && !line.contains("/snippet:")) {
                    String id = root.relativize(file) + "#" + mark.group(1);
                    if (!shown.contains(id)) {
                        problems.add(id + ": marked as a snippet but not shown in " + readme);
                    }
                }
            }
        }
        problems.addAll(unmarked(readme, true));
        Path docs = root.resolve("docs");
        if (Files.isDirectory(docs)) {
            try (var pages = Files.list(docs)) {
                for (Path page : pages.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
                    problems.addAll(unmarked(page, false));
                }
            }
        }
        if (checked == 0) {
            problems.add(readme + ": no '<!-- snippet: FILE -->' marker found");
        }
        if (!problems.isEmpty()) {
            problems.forEach(problem -> System.err.println("ReadmeSnippets: " + problem));
            System.exit(1);
        }
        System.out.println("ReadmeSnippets: " + checked + " snippets of " + readme + " match the consumer project");
    }

    /**
     * Returns the blocks of {@code page} a user would paste (Java, XML, properties, Kotlin, Groovy) that are neither a
     * consumer snippet (only where {@code snippetsAllowed}) nor say {@code illustrative} in their first line.
     */
    private static List<String> unmarked(Path page, boolean snippetsAllowed) throws IOException {
        List<String> lines = Files.readAllLines(page);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).startsWith("```")) {
                continue;
            }
            String language = lines.get(i).substring(3).trim().toLowerCase();
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).startsWith("```")) {
                end++;
            }
            boolean snippet = snippetsAllowed && i > 0 && README_MARK.matcher(lines.get(i - 1).trim()).matches();
            boolean illustrative = i + 1 < end && lines.get(i + 1).contains("illustrative");
            if (PASTED.contains(language) && !snippet && !illustrative) {
                problems.add(page + ":" + (i + 1) + ": this " + language + " block must say 'illustrative' in its "
                        + "first line" + (snippetsAllowed ? ", or be a consumer snippet ('<!-- snippet: FILE -->' "
                        + "right before it)" : ""));
            }
            i = end;
        }
        return problems;
    }

    private static List<Path> consumerFiles(Path root) throws IOException {
        try (var files = Files.walk(root.resolve("consumer"))) {
            return files.filter(Files::isRegularFile).filter(f -> !f.toString().contains("/target/")).toList();
        }
    }

    /** Returns the lines between the NAME markers, or null without them. */
    private static List<String> marked(List<String> lines, String name) {
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("/snippet: " + name + " ")) {
                return start < 0 ? null : lines.subList(start + 1, i);
            }
            if (lines.get(i).contains("snippet: " + name + " ")) {
                start = i;
            }
        }
        return null;
    }

    private static List<String> dedent(List<String> lines) {
        int indent = lines.stream().filter(line -> !line.isBlank())
                .mapToInt(line -> line.length() - line.stripLeading().length()).min().orElse(0);
        return lines.stream().map(line -> line.isBlank() ? "" : line.substring(indent)).toList();
    }

    /** Returns where the two first differ, or null if they are equal. */
    private static String difference(List<String> readme, List<String> consumer) {
        for (int i = 0; i < Math.max(readme.size(), consumer.size()); i++) {
            String a = i < readme.size() ? readme.get(i) : "<end>";
            String b = i < consumer.size() ? consumer.get(i) : "<end>";
            if (!a.equals(b)) {
                return "  line " + (i + 1) + " of the snippet\n  README:   " + a + "\n  consumer: " + b;
            }
        }
        return null;
    }
}
