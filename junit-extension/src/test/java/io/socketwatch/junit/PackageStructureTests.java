package io.socketwatch.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.socketwatch.SocketWatcher;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependencies between socketwatch's packages, read from the compiled classes of core and of this module by the
 * JDK's {@code jdeps}: they run one way. The same picture, by hand, is in {@code docs/architecture.md}.
 */
class PackageStructureTests {

    /** One line of {@code jdeps -verbose:package}: a package of ours, an arrow, the package of ours it uses. */
    private static final Pattern EDGE =
            Pattern.compile("^\\s*(io\\.socketwatch[\\w.]*)\\s+->\\s+(io\\.socketwatch[\\w.]*)\\s");

    /** Each package of core and this module, with the packages of both that its classes use. */
    private static Map<String, Set<String>> uses;

    @BeforeAll
    static void readDependencies() throws URISyntaxException {
        Path core = Path.of(SocketWatcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path junit = Path.of(SocketWatch.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        uses = dependencies(core, junit);
    }

    @Test
    void readsThePackagesOfBothModules() {
        assertThat(uses).containsKeys("io.socketwatch", "io.socketwatch.model", "io.socketwatch.internal.tracker",
                "io.socketwatch.junit");
    }

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        assertThat(cycles(uses)).as("package cycles").isEmpty();
    }

    @Test
    void valuesDependOnNoEntryPointNorTracker() {
        for (String values : List.of("io.socketwatch.model", "io.socketwatch.audit")) {
            assertThat(uses.getOrDefault(values, Set.of())).as("what %s uses", values)
                    .allMatch(used -> used.equals("io.socketwatch.internal.net"));
        }
    }

    @Test
    void theExtensionUsesOnlyCoresApi() {
        assertThat(uses.get("io.socketwatch.junit")).as("what the extension uses")
                .noneMatch(used -> used.startsWith("io.socketwatch.internal"));
    }

    private static Map<String, Set<String>> dependencies(Path... classes) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // core's jar is multi-release (its FFM netlink transport, when built on JDK 22+): read its Java 17 classes
        List<String> args = new ArrayList<>(List.of("--multi-release", "17", "-verbose:package", "-e",
                "io\\.socketwatch\\..*"));
        for (Path path : classes) {
            args.add(path.toString());
        }
        int status = jdeps.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args.toArray(String[]::new));
        assertThat(status).as("jdeps' exit status, having said: %s", err.toString(StandardCharsets.UTF_8)).isZero();
        Map<String, Set<String>> edges = new TreeMap<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            Matcher edge = EDGE.matcher(line);
            if (edge.find() && !edge.group(1).equals(edge.group(2))) {
                edges.computeIfAbsent(edge.group(1), from -> new TreeSet<>()).add(edge.group(2));
            }
        }
        return edges;
    }

    /** Returns the strongly connected components of more than one package (Tarjan's algorithm). */
    static List<Set<String>> cycles(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        List<Set<String>> components = new ArrayList<>();
        for (String node : graph.keySet()) {
            if (!index.containsKey(node)) {
                connect(node, graph, index, low, stack, components);
            }
        }
        return components;
    }

    private static void connect(String node, Map<String, Set<String>> graph, Map<String, Integer> index,
                                Map<String, Integer> low, Deque<String> stack, List<Set<String>> components) {
        index.put(node, index.size());
        low.put(node, index.get(node));
        stack.push(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                connect(next, graph, index, low, stack, components);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (stack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            Set<String> component = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                component.add(member);
            } while (!member.equals(node));
            if (component.size() > 1) {
                components.add(component);
            }
        }
    }

    @Test
    void findsACycleWhereThereIsOne() {
        Map<String, Set<String>> graph = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
        assertThat(cycles(graph)).containsExactly(Set.of("a", "b", "c"));
    }
}
