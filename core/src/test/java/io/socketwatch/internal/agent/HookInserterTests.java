package io.socketwatch.internal.agent;

import static io.socketwatch.internal.agent.Hook.NULL;
import static io.socketwatch.internal.agent.Hook.RETURNED;
import static io.socketwatch.internal.agent.Hook.THIS;
import static io.socketwatch.internal.agent.Hook.atEntry;
import static io.socketwatch.internal.agent.Hook.atExit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.socketwatch.internal.agent.Hook.Argument;
import io.socketwatch.internal.agent.Hook.Field;
import io.socketwatch.internal.agent.Hook.Relay;
import io.socketwatch.internal.agent.Hook.Text;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinTask;
import java.util.stream.Collectors;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The inserted calls, run: a fixture class is instrumented with hooks calling {@link Recorder}, defined in a class
 * loader of its own and exercised. The JVM verifies it on definition, so a broken frame or stack would fail here.
 */
class HookInserterTests {

    private static final String FIXTURE = Fixture.class.getName().replace('.', '/');
    private static final String RECORDER = Recorder.class.getName().replace('.', '/');
    private static final Relay ONE = new Relay(RECORDER, "one", "(Ljava/lang/Object;)V");
    private static final Relay WITH_LONG = new Relay(RECORDER, "withLong", "(Ljava/lang/Object;J)V");
    private static final Relay WITH_BOOLEAN = new Relay(RECORDER, "withBoolean", "(Ljava/lang/Object;Z)V");
    private static final Relay THREE = new Relay(RECORDER, "three",
            "(Ljava/lang/Object;Ljava/lang/String;Ljava/lang/Object;)V");

    @BeforeEach
    void clear() {
        Recorder.CALLS.clear();
    }

    @Nested
    class Inserted {

        @Test
        void anIntReturnedAfterThisIsWidenedAndPassedSecond() throws Throwable {
            Object fixture = instrumented(atExit(FIXTURE, "readInt", "(IJI)I", WITH_LONG, THIS, RETURNED));
            assertThat(call(fixture, "readInt", 1, 2L, 7)).isEqualTo(7);
            assertThat(Recorder.CALLS).containsExactly("withLong(Fixture, 7)");
        }

        @Test
        void aLongReturnedAfterThisFiresBeforeEachReturn() throws Throwable {
            Object fixture = instrumented(atExit(FIXTURE, "readLong", "(JI)J", WITH_LONG, THIS, RETURNED));
            assertThat(call(fixture, "readLong", 40L, 2)).isEqualTo(42L);
            assertThat(call(fixture, "readLong", 40L, -1)).isEqualTo(-1L);
            assertThat(Recorder.CALLS).containsExactly("withLong(Fixture, 42)", "withLong(Fixture, -1)");
        }

        @Test
        void anArgumentIsFoundByItsSlot() throws Throwable {
            Object fixture = instrumented(atExit(FIXTURE, "write", "(J[BI)V", WITH_LONG, THIS, new Argument(2)));
            call(fixture, "write", 9L, new byte[3], 3);
            assertThat(Recorder.CALLS).containsExactly("withLong(Fixture, 3)");
        }

        @Test
        void aBooleanReturnedIsPassedAsIs() throws Throwable {
            Object fixture = instrumented(atExit(FIXTURE, "connect", "(Z)Z", WITH_BOOLEAN, THIS, RETURNED));
            call(fixture, "connect", false);
            assertThat(Recorder.CALLS).containsExactly("withBoolean(Fixture, false)");
        }

        @Test
        void aStaticMethodPassesItsReturnValueFirstThenTextAndItsFirstArgument() throws Throwable {
            Object fixture = instrumented(atExit(FIXTURE, "open", "(Ljava/lang/String;JLjava/lang/Object;)"
                    + "Ljava/lang/Object;", THREE, RETURNED, new Text("KIND"), new Argument(0)));
            assertThat(call(fixture, "open", "db", 5L, "x")).isEqualTo("db!");
            assertThat(Recorder.CALLS).containsExactly("three(db!, KIND, db)");
        }

        @Test
        void entryAndExitHooksSurroundTheBodyAndAThrowSkipsTheExit() throws Throwable {
            Object fixture = instrumented(
                    atEntry(FIXTURE, "fail", "(Z)V", ONE, new Field("name")),
                    atExit(FIXTURE, "fail", "(Z)V", ONE, NULL));
            call(fixture, "fail", false);
            assertThatThrownBy(() -> call(fixture, "fail", true)).isInstanceOf(IOException.class);
            assertThat(Recorder.CALLS).containsExactly("one(fixture)", "one(null)", "one(fixture)");
        }

        @Test
        void aHookWithADescriptorPerJdkInstrumentsTheOneTheClassDeclares() throws Throwable {
            // as ForkJoinTask.doExec: ()I on JDK 17, ()V on JDK 25
            Object fixture = instrumented(
                    atEntry(FIXTURE, "connect", List.of("(Z)V", "(Z)Z"), ONE, THIS),
                    atExit(FIXTURE, "connect", List.of("(Z)Z", "(Z)V"), WITH_BOOLEAN, THIS, new Argument(0)));
            assertThat(call(fixture, "connect", true)).isEqualTo(true);
            assertThat(Recorder.CALLS).containsExactly("one(Fixture)", "withBoolean(Fixture, true)");
        }

        @Test
        void aConstructorIsHookedAtItsReturnWithThisInitialised() throws Throwable {
            instrumented(atExit(FIXTURE, "<init>", "()V", THREE, THIS, new Text("NEW"), THIS));
            assertThat(Recorder.CALLS).containsExactly("three(Fixture, NEW, Fixture)");
        }

        @Test
        void aConstructorIsHookedAtItsEntryWithItsArgumentsBeforeItRuns() throws Throwable {
            // as the JDK HttpClient's SSLTube, whose constructor starts the handshake
            Object fixture = instrumented(atEntry(FIXTURE, "<init>", "(Ljava/lang/String;J)V", WITH_LONG,
                    new Argument(0), new Argument(1)));
            fixture.getClass().getConstructor(String.class, long.class).newInstance("named", 5L);
            assertThat(Recorder.CALLS).containsExactly("withLong(named, 5)");
        }
    }

    @Nested
    class Refused {

        @Test
        void aMissingMethodIsReportedWithItsClassAndLeavesTheClassUnchanged() throws IOException {
            List<String> problems = new ArrayList<>();
            HookTransformer transformer = new HookTransformer(
                    List.of(atExit(FIXTURE, "frob", "()V", ONE, THIS)), (module, loader) -> { }, problems::add);
            assertThat(transformer.transform(null, null, FIXTURE, null, null, fixtureClassFile())).isNull();
            assertThat(problems).containsExactly(Fixture.class.getName()
                    + ": java.lang.IllegalStateException: no method frob()V to instrument");
            assertThat(transformer.hasTransformed(Fixture.class.getName())).isFalse();
        }

        @Test
        void aHookNoneOfWhoseDescriptorsTheClassDeclaresIsReportedWithAll() {
            assertThatThrownBy(() -> HookInserter.insert(fixtureClassFile(),
                    List.of(atEntry(FIXTURE, "connect", List.of("()I", "()V"), ONE, THIS))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("no method connect()I or connect()V to instrument");
        }

        @Test
        void aValueThatDoesNotFitItsRelayIsReported() throws IOException {
            List<String> problems = new ArrayList<>();
            HookTransformer transformer = new HookTransformer(
                    List.of(atExit(FIXTURE, "connect", "(Z)Z", WITH_LONG, THIS, new Text("no"))),
                    (module, loader) -> { }, problems::add);
            assertThat(transformer.transform(null, null, FIXTURE, null, null, fixtureClassFile())).isNull();
            assertThat(problems).containsExactly(Fixture.class.getName() + ": java.lang.IllegalArgumentException: "
                    + "cannot pass Ljava/lang/String; as J");
        }

        @Test
        void aMethodThatChangesAnArgumentItsExitHookReadsIsRefused() {
            assertThatThrownBy(() -> HookInserter.insert(fixtureClassFile(),
                    List.of(atExit(FIXTURE, "readLong", "(JI)J", WITH_LONG, THIS, new Argument(0)))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("readLong changes its argument 0 before returning");
        }

        @Test
        void aClassWithoutHooksIsNotTouched() throws IOException {
            HookTransformer transformer = new HookTransformer(Hooks.jdkSockets(), (module, loader) -> { },
                    problem -> { throw new AssertionError(problem); });
            assertThat(transformer.transform(null, null, FIXTURE, null, null, fixtureClassFile())).isNull();
        }

        @Test
        void aConstructorsEntryHookCannotReadThisNotInitialisedYet() {
            assertThatThrownBy(() -> atEntry(FIXTURE, "<init>", "()V", ONE, new Field("name")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a constructor's entry hook can pass only its arguments: " + FIXTURE);
        }

        @Test
        void anEntryHookCannotReadTheReturnValue() {
            assertThatThrownBy(() -> atEntry(FIXTURE, "connect", "(Z)Z", WITH_BOOLEAN, THIS, RETURNED))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("an entry hook cannot read the return value: connect");
        }
    }

    @Nested
    class Catalogue {

        @Test
        void everySocketHookFindsItsMethodInThisJdk() throws IOException {
            assertEveryHookFits(Hooks.jdkSockets());
        }

        @Test
        void everyExecutorHookFindsItsMethodInThisJdk() throws IOException {
            assertEveryHookFits(Hooks.jdkExecutors());
        }

        @Test
        void everyTlsHookFindsItsMethodInThisJdk() throws IOException {
            assertEveryHookFits(Hooks.tls());
        }

        @Test
        void everyClientHookFindsItsMethodInTheLibrariesTestedWith() throws IOException {
            assertEveryHookFits(Hooks.clients());
        }

        @Test
        void forkJoinTaskDoExecIsHookedAtEntryAndReturnInTheDescriptorThisJdkDeclares() throws Exception {
            String declared = Type.getMethodDescriptor(ForkJoinTask.class.getDeclaredMethod("doExec"));
            assertThat(Hooks.DO_EXEC).as("JDK %s", Runtime.version()).contains(declared);
            List<Hook> hooks = Hooks.jdkExecutors().stream()
                    .filter(hook -> hook.owner().equals(Hooks.FORK_JOIN_TASK)).toList();
            byte[] instrumented = HookInserter.insert(classFile(Hooks.FORK_JOIN_TASK), hooks);

            List<String> relayed = new ArrayList<>();
            new ClassReader(instrumented).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                 String[] exceptions) {
                    if (!name.equals("doExec")) {
                        return null;
                    }
                    return new MethodVisitor(Opcodes.ASM9) {
                        @Override
                        public void visitMethodInsn(int opcode, String owner, String method, String called,
                                                    boolean isInterface) {
                            if (owner.endsWith("/SocketEvents")) {
                                relayed.add(name + descriptor + " calls " + method);
                            }
                        }
                    };
                }
            }, 0);
            assertThat(relayed).containsExactly("doExec" + declared + " calls forkJoinTaskStarting",
                    "doExec" + declared + " calls forkJoinTaskEnded");
        }

        private void assertEveryHookFits(List<Hook> hooks) throws IOException {
            Map<String, List<Hook>> byClass = hooks.stream().collect(Collectors.groupingBy(Hook::owner));
            for (Map.Entry<String, List<Hook>> each : byClass.entrySet()) {
                byte[] original = classFile(each.getKey());
                assertThat(HookInserter.insert(original, each.getValue())).as(each.getKey()).isNotEqualTo(original);
            }
        }
    }

    private static Object instrumented(Hook... hooks) throws Exception {
        byte[] classFile = HookInserter.insert(fixtureClassFile(), List.of(hooks));
        Class<?> type = new ClassLoader(HookInserterTests.class.getClassLoader()) {
            Class<?> define() {
                return defineClass(Fixture.class.getName(), classFile, 0, classFile.length);
            }
        }.define();
        return type.getConstructor().newInstance();
    }

    private static Object call(Object fixture, String method, Object... arguments) throws Throwable {
        for (java.lang.reflect.Method each : fixture.getClass().getMethods()) {
            if (each.getName().equals(method)) {
                try {
                    return each.invoke(fixture, arguments);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
        }
        throw new NoSuchMethodException(method);
    }

    private static byte[] fixtureClassFile() throws IOException {
        return classFile(FIXTURE);
    }

    private static byte[] classFile(String internalName) throws IOException {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(internalName + ".class")) {
            assertThat(in).as(internalName).isNotNull();
            return in.readAllBytes();
        }
    }

    /** Instrumented by the tests; its branches give its methods stack map frames that must stay valid. */
    public static class Fixture {

        private String name = "fixture";

        public Fixture() {
        }

        public Fixture(String name, long size) {
            this.name = name;
        }

        @Override
        public String toString() {
            return "Fixture";
        }

        public int readInt(int first, long second, int length) {
            return length;
        }

        public long readLong(long base, int length) {
            if (length < 0) {
                return -1;
            }
            for (int i = 0; i < length; i++) {
                base++;
            }
            return base;
        }

        public void write(long position, byte[] bytes, int length) {
        }

        public boolean connect(boolean now) {
            return now;
        }

        public static Object open(String url, long timeout, Object ignored) {
            return url + "!";
        }

        public void fail(boolean fail) throws IOException {
            if (fail) {
                throw new IOException(name);
            }
        }
    }

    /** The relay the fixture's hooks call; public, as the fixture lives in a class loader of its own. */
    public static final class Recorder {

        static final List<String> CALLS = java.util.Collections.synchronizedList(new ArrayList<>());

        public static void one(Object value) {
            CALLS.add("one(" + value + ")");
        }

        public static void withLong(Object value, long number) {
            CALLS.add("withLong(" + value + ", " + number + ")");
        }

        public static void withBoolean(Object value, boolean flag) {
            CALLS.add("withBoolean(" + value + ", " + flag + ")");
        }

        public static void three(Object first, String second, Object third) {
            CALLS.add("three(" + first + ", " + second + ", " + third + ")");
        }
    }
}
