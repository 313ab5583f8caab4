package io.socketwatch.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code @SocketWatch} is a JUnit Jupiter extension that fails a test when the code under test churns TCP connections
 * into TIME_WAIT, leaves them in CLOSE_WAIT, leaks them, or builds a client per call.
 *
 * <p>On a class, every test of it is watched; on a method, that test. socketwatch's agent is installed before anything
 * of the class runs, so connections made in {@code @BeforeAll} are known (and never blamed on a test). Each test's
 * window runs from right before the test method to right after it, before {@code @AfterEach}; a test method parameter
 * of type {@link io.socketwatch.SocketWatcher} receives the test's own recording for explicit checks such as
 * {@code assertConnectionReused(host, port)}.
 *
 * <p>Every attribute left at its default takes the matching configuration parameter (in
 * {@code junit-platform.properties} or a system property), then socketwatch's default.
 *
 * <p>Parallel execution: a connection belongs to the test whose thread (or a thread started by it) opened it, or
 * whose thread submitted the executor task that opened it: a {@code FutureTask} (any {@code submit}, {@code invokeAll}
 * or {@code schedule} of the JDK's thread pools), a {@code Runnable} given to a {@code ThreadPoolExecutor}, a
 * {@code CompletableFuture}'s {@code supplyAsync}, {@code runAsync} or {@code ...Async} stage, or a {@code ForkJoinTask}
 * it created (given to a {@code ForkJoinPool}, forked, or a parallel stream's), or a task given to a Netty event
 * loop's {@code execute} (as {@code Bootstrap.connect} does), also on a pool created before the test. Connections opened by other threads that no test started, such as a shared server's, by tasks submitted outside
 * tests (a {@code ForkJoinTask}: created outside them) or by a {@code java.util.Timer}'s tasks, are reported to every
 * test running at that moment.
 * Sockets socketwatch does not instrument (see {@link #untrackedCloseWait()}) cannot be tied to a test at all: while
 * other tests run, they fail none.
 *
 * <p>Linux gives the full picture; elsewhere socket states are unknown and only dropped sockets are detected.
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(SocketWatchExtension.class)
public @interface SocketWatch {

    /**
     * The checks to run after each test: names of {@link Check}, comma-separated, or {@code none}; by default all of
     * them. The key is {@value}.
     */
    String CHECKS_PROPERTY = "socketwatch.checks.default";

    /**
     * Connections a test may leave in TIME_WAIT in all, churned or not: when set, this bound replaces the churn check
     * ({@link Check#TIME_WAIT}), for a test that closes connections on purpose. Default {@code unlimited}: only
     * churn fails.
     */
    String ALLOWED_TIME_WAIT_PROPERTY = "socketwatch.timewait.allowed.default";

    /** How long checks wait, at most, for closing connections to settle, e.g. {@code 500ms} or {@code 2s}; default 1s. */
    String SETTLE_TIMEOUT_PROPERTY = "socketwatch.settle.timeout.default";

    /** Endpoints whose connections no check judges, {@code host:port}, comma-separated. */
    String IGNORE_PROPERTY = "socketwatch.ignore.default";

    /**
     * Test infrastructure of your own whose connections no check judges: class or package name prefixes,
     * comma-separated, e.g. {@code com.acme.testsupport.}, matched against the class that opened or accepted each
     * connection. They add to the test infrastructure socketwatch sets aside by itself
     * ({@link io.socketwatch.SocketWatcher#TEST_INFRASTRUCTURE}: MockWebServer, WireMock, embedded databases,
     * Testcontainers). The key is {@value}.
     */
    String IGNORE_OPENED_BY_PROPERTY = "socketwatch.ignore.openedby.default";

    /**
     * Whether the CLOSE_WAIT checks also look for this process's sockets that socketwatch's agent does not see
     * (native transports such as Netty's epoll, JNI code): {@code auto} (the default) once a native transport was
     * loaded in the JVM (from the test that loaded it on), {@code on} always, {@code off} never. See {@link
     * io.socketwatch.model.UntrackedSockets}.
     */
    String UNTRACKED_CLOSE_WAIT_PROPERTY = "socketwatch.closewait.untracked.default";

    /**
     * What to do, at the end of each test class, with the connections its watched tests left open that broke or were
     * dropped since (a peer closed one and this JVM never did, or its socket was collected without close): {@code
     * fail} (the default) fails the class, naming each test; {@code report} publishes them as a report entry of the
     * class and prints them; {@code off} does not look. The key is {@value}.
     */
    String SWEEP_CLASS_PROPERTY = "socketwatch.sweep.class.default";

    /**
     * What to do, at the end of the run (when the JUnit Jupiter engine's execution ends, after every class), with the
     * connections watched tests left open that broke or were dropped since and that their class's look did not report
     * (a peer closed one after its class ended, or a static client kept it): {@code fail} (the default) fails the run:
     * the engine's container fails, which fails the build (Maven Surefire reports it as {@code JUnit Jupiter});
     * {@code report} prints them; {@code off} does not look. Either way the build report lists them. The key is
     * {@value}.
     */
    String SWEEP_RUN_PROPERTY = "socketwatch.sweep.run.default";

    /**
     * Whether each test JVM writes its watched tests to the build report and prints a summary at the end of its run:
     * {@code true} (the default) or {@code false}. The key is {@value}.
     */
    String REPORT_ENABLED_PROPERTY = "socketwatch.report.enabled";

    /**
     * The build report's directory, relative to the working directory (under Maven Surefire, the module's), default
     * {@code target/socketwatch}: each test JVM writes a {@code socketwatch-<id>.json} there and rebuilds the
     * directory's {@code index.html}. The key is {@value}.
     */
    String REPORT_DIR_PROPERTY = "socketwatch.report.dir";

    /**
     * A baseline file of known failures, as {@code socketwatch baseline DIR} writes it: a failure it lists (test, check
     * and opening site) is reported in the summary and the report but does not fail its test; a new one fails; a listed
     * one that no longer occurs is reported as fixed. By default none. A file that cannot be read or parsed fails every
     * watched test class, naming the file and the line. The key is {@value}.
     */
    String BASELINE_FILE_PROPERTY = "socketwatch.baseline.file";

    /** The checks run by default. */
    String DEFAULT_CHECKS = "TIME_WAIT,CLOSE_WAIT,CONNECTION_LEAK,CLIENT_PER_CALL";

    /** The checks the extension runs after each test. */
    enum Check {
        /** No connection closed and replaced by a new one to the same endpoint, left in TIME_WAIT. */
        TIME_WAIT,
        /** No connection left in CLOSE_WAIT. */
        CLOSE_WAIT,
        /** No socket dropped without close, and none in CLOSE_WAIT. */
        CONNECTION_LEAK,
        /**
         * No client built per call: three or more connections to one endpoint, each opened by a client or pool of its
         * own (OkHttp's {@code OkHttpClient}, the JDK's {@code HttpClient}, Apache HttpClient 5's connection manager),
         * all built at one line, each used for about one exchange and opened while an earlier one of the test to that
         * endpoint sat open and idle. Its finding also covers those connections' churn and drop without close: one
         * message for one problem.
         */
        CLIENT_PER_CALL
    }

    /** The checks to run; empty means the {@value #CHECKS_PROPERTY} parameter, by default all of them. */
    Check[] checks() default {};

    /**
     * Connections the test may leave in TIME_WAIT in all, churned or not, in place of the churn check; -1 means the
     * {@value #ALLOWED_TIME_WAIT_PROPERTY} parameter.
     */
    int allowedTimeWait() default -1;

    /** Settle timeout such as {@code 500ms} or {@code 2s}; empty means the {@value #SETTLE_TIMEOUT_PROPERTY} parameter. */
    String settleTimeout() default "";

    /** Endpoints, {@code host:port}, whose connections no check judges; added to {@value #IGNORE_PROPERTY}. */
    String[] ignore() default {};

    /**
     * Class or package name prefixes of test infrastructure whose connections no check judges, e.g.
     * {@code "com.acme.testsupport."}; added to {@value #IGNORE_OPENED_BY_PROPERTY}.
     */
    String[] ignoreOpenedBy() default {};

    /**
     * {@code auto}, {@code on} or {@code off}: whether to look for sockets socketwatch does not instrument in
     * CLOSE_WAIT; empty means the {@value #UNTRACKED_CLOSE_WAIT_PROPERTY} parameter.
     */
    String untrackedCloseWait() default "";
}
