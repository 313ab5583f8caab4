package io.socketwatch.internal.agent;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Inserts {@link Hook}s into the classes they name, whenever the JVM loads or retransforms one of them, through any
 * class loader. It decides by class name alone and keeps no class loader. A class it cannot instrument is left
 * unchanged and handed to the problem consumer as {@code "<class>: <exception>"}; it then throws nothing.
 */
final class HookTransformer implements ClassFileTransformer {

    private final Map<String, List<Hook>> hooksByClass = new HashMap<>();
    private final Set<String> transformed = ConcurrentHashMap.newKeySet();
    private final BiConsumer<Module, ClassLoader> beforeInstrumenting;
    private final Consumer<String> problems;

    /**
     * @param beforeInstrumenting run on the module and class loader of each class about to be instrumented: makes
     *                            sure its hooks can reach the relay, or throws to leave the class unchanged
     * @param problems            told about every class that could not be instrumented, on the thread that loaded it
     */
    HookTransformer(List<Hook> hooks, BiConsumer<Module, ClassLoader> beforeInstrumenting,
                    Consumer<String> problems) {
        for (Hook hook : hooks) {
            hooksByClass.computeIfAbsent(hook.owner(), owner -> new ArrayList<>()).add(hook);
        }
        this.beforeInstrumenting = beforeInstrumenting;
        this.problems = problems;
    }

    /** Returns the binary names of the classes this transformer has hooks for. */
    List<String> classNames() {
        List<String> names = new ArrayList<>();
        for (String name : hooksByClass.keySet()) {
            names.add(name.replace('/', '.'));
        }
        Collections.sort(names);
        return names;
    }

    /** Returns whether a class of this binary name was instrumented at least once, by any class loader. */
    boolean hasTransformed(String className) {
        return transformed.contains(className);
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classFile) {
        List<Hook> hooks = className == null ? null : hooksByClass.get(className);
        if (hooks == null) {
            return null;
        }
        String name = className.replace('/', '.');
        try {
            beforeInstrumenting.accept(module, loader);
            byte[] instrumented = HookInserter.insert(classFile, hooks);
            transformed.add(name);
            return instrumented;
        } catch (RuntimeException | LinkageError e) {
            problems.accept(name + ": " + e);
            return null;
        }
    }
}
