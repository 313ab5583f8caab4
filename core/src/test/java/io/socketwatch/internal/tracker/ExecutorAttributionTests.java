package io.socketwatch.internal.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.socketwatch.model.SocketActivity;
import io.socketwatch.model.TcpConnection;
import io.socketwatch.model.TcpConnection.Origin;
import io.socketwatch.model.TcpConnection.Side;
import io.socketwatch.testing.EchoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CountedCompleter;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A task submitted to an executor whose threads existed before any window runs in its submitter's window: pools
 * created here before the windows, two windows recording at once on two threads, and each task opening a real
 * loopback connection to an echo server that also predates the windows.
 */
@EnabledOnOs(OS.LINUX)
class ExecutorAttributionTests {

    private static final Duration SETTLE = Duration.ofMillis(500);
    private static final long WAIT_SECONDS = 10;

    static EchoServer server;
    /** Two workers, started before any window: neither inherits one. */
    static ThreadPoolExecutor pool;
    /** One worker, so that a later task runs on the thread an earlier task used. */
    static ThreadPoolExecutor single;
    static ScheduledThreadPoolExecutor scheduler;
    /** One worker, started before any window. */
    static ForkJoinPool forkJoinPool;
    /** One Netty event loop (NIO), started before any window, as a library's shared event loop group is. */
    static EventLoopGroup nettyLoop;

    @BeforeAll
    static void startServerAndPools() throws IOException, InterruptedException {
        Recordings.install();
        assertThat(Recordings.isInstrumented()).isTrue();
        server = new EchoServer("127.0.0.1");
        pool = (ThreadPoolExecutor) Executors.newFixedThreadPool(2);
        single = (ThreadPoolExecutor) Executors.newFixedThreadPool(1);
        scheduler = new ScheduledThreadPoolExecutor(1);
        pool.prestartAllCoreThreads();
        single.prestartAllCoreThreads();
        scheduler.prestartAllCoreThreads();
        nettyLoop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        CountDownLatch loopStarted = new CountDownLatch(1);
        nettyLoop.execute(loopStarted::countDown);
        assertThat(loopStarted.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        forkJoinPool = new ForkJoinPool(1);
        for (ForkJoinPool each : List.of(forkJoinPool, ForkJoinPool.commonPool())) {
            CountDownLatch started = new CountDownLatch(1);
            each.execute(started::countDown); // joining it instead could run it on this thread
            assertThat(started.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        }
    }

    @AfterAll
    static void stopServerAndPools() throws Exception {
        pool.shutdownNow();
        single.shutdownNow();
        scheduler.shutdownNow();
        forkJoinPool.shutdownNow();
        nettyLoop.shutdownGracefully(0, WAIT_SECONDS, TimeUnit.SECONDS).await(WAIT_SECONDS, TimeUnit.SECONDS);
        server.close();
    }

    /** The ways a test's thread hands a task to an executor. */
    enum Submission {
        SUBMIT_CALLABLE {
            @Override
            void submit(ExecutorService executor, Runnable task) {
                executor.submit(() -> {
                    task.run();
                    return null;
                });
            }
        },
        EXECUTE_RUNNABLE {
            @Override
            void submit(ExecutorService executor, Runnable task) {
                executor.execute(task);
            }
        },
        INVOKE_ALL {
            @Override
            void submit(ExecutorService executor, Runnable task) throws InterruptedException {
                executor.invokeAll(List.of(Executors.callable(task)));
            }
        },
        SCHEDULE {
            @Override
            void submit(ExecutorService executor, Runnable task) {
                scheduler.schedule(task, 1, TimeUnit.MILLISECONDS);
            }
        },
        SUPPLY_ASYNC {
            @Override
            void submit(ExecutorService executor, Runnable task) {
                supplyAsync(task, executor);
            }
        },
        /** The stage runs on the pool, handed over by the worker that completed the first one. */
        THEN_APPLY_ASYNC {
            @Override
            void submit(ExecutorService executor, Runnable task) {
                thenApplyAsync(task, executor);
            }
        },
        THEN_APPLY_ASYNC_ON_A_FORK_JOIN_POOL {
            @Override
            void submit(ExecutorService executor, Runnable task) {
                thenApplyAsync(task, forkJoinPool);
            }
        },
        SUPPLY_ASYNC_ON_A_FORK_JOIN_POOL {
            @Override
            void submit(ExecutorService executor, Runnable task) {
                supplyAsync(task, forkJoinPool);
            }
        },
        /** On JDK 17 with fewer than 3 cores, CompletableFuture runs such tasks on a new thread each instead. */
        SUPPLY_ASYNC_ON_THE_COMMON_POOL(false) {
            @Override
            void submit(ExecutorService executor, Runnable task) {
                supplyAsync(task, ForkJoinPool.commonPool());
            }
        },
        THEN_APPLY_ASYNC_ON_THE_DEFAULT_EXECUTOR(false) {
            @Override
            void submit(ExecutorService executor, Runnable task) {
                thenApplyAsync(task, null);
            }
        },
        /** The common pool on JDK 25; on JDK 17 with fewer than 3 cores, a new thread per task. */
        RUN_ASYNC_ON_THE_DEFAULT_EXECUTOR(false) {
            @Override
            void submit(ExecutorService executor, Runnable task) {
                CompletableFuture.runAsync(task);
            }
        },
        /** Wrapped in an adapter task, created on the submitting thread. */
        SUBMIT_RUNNABLE_TO_A_FORK_JOIN_POOL {
            @Override
            void submit(ExecutorService executor, Runnable task) {
                forkJoinPool.submit(task);
            }
        },
        SUBMIT_CALLABLE_TO_A_FORK_JOIN_POOL {
            @Override
            void submit(ExecutorService executor, Runnable task) {
                forkJoinPool.submit(Executors.callable(task));
            }
        },
        EXECUTE_RUNNABLE_ON_A_FORK_JOIN_POOL {
            @Override
            void submit(ExecutorService executor, Runnable task) {
                forkJoinPool.execute(task);
            }
        },
        EXECUTE_A_RECURSIVE_ACTION_ON_A_FORK_JOIN_POOL {
            @Override
            void submit(ExecutorService executor, Runnable task) {
                forkJoinPool.execute(recursiveAction(task));
            }
        },
        SUBMIT_A_RECURSIVE_TASK_TO_A_FORK_JOIN_POOL {
            @Override
            void submit(ExecutorService executor, Runnable task) {
                forkJoinPool.submit(new RecursiveTask<Void>() {
                    @Override
                    protected Void compute() {
                        task.run();
                        return null;
                    }
                });
            }
        },
        SUBMIT_A_COUNTED_COMPLETER_TO_A_FORK_JOIN_POOL {
            @Override
            void submit(ExecutorService executor, Runnable task) {
                forkJoinPool.submit(new CountedCompleter<Void>() {
                    @Override
                    public void compute() {
                        task.run();
                        tryComplete();
                    }
                });
            }
        },
        /**
         * A task the pool's worker creates and forks while it runs the submitted one, then joins: the join runs it
         * on that worker, nested in the first.
         */
        FORK_FROM_A_TASK_ON_A_FORK_JOIN_POOL {
            @Override
            void submit(ExecutorService executor, Runnable task) {
                forkJoinPool.execute(recursiveAction(() -> ForkJoinTask.adapt(task).fork().join()));
            }
        },
        /** Netty's {@code execute}, as {@code Bootstrap.connect} and a channel's writes from other threads use it. */
        EXECUTE_ON_A_NETTY_EVENT_LOOP {
            @Override
            void submit(ExecutorService executor, Runnable task) {
                nettyLoop.execute(task);
            }
        },
        /** From a thread that is not a pool's: to the common pool. */
        FORK_TO_THE_COMMON_POOL(false) {
            @Override
            void submit(ExecutorService executor, Runnable task) {
                recursiveAction(task).fork();
            }
        };

        /** Whether the task goes to the executor given or to a single-threaded one, not to the common pool. */
        final boolean usesTheGivenExecutor;

        Submission() {
            this(true);
        }

        Submission(boolean usesTheGivenExecutor) {
            this.usesTheGivenExecutor = usesTheGivenExecutor;
        }

        /** Hands {@code task} to {@code executor}, or to the executor this way is about. */
        abstract void submit(ExecutorService executor, Runnable task) throws InterruptedException;

        /**
         * Chains a stage that runs {@code task} on {@code executor} (the default one when {@code null}) to a first
         * stage there that is still running, so that the worker completing it hands the second one over.
         */
        private static void thenApplyAsync(Runnable task, Executor executor) {
            CountDownLatch firstStageMayEnd = new CountDownLatch(1);
            Supplier<Object> first = () -> {
                await(firstStageMayEnd);
                return null;
            };
            Function<Object, Object> second = ignored -> {
                task.run();
                return null;
            };
            if (executor == null) {
                CompletableFuture.supplyAsync(first).thenApplyAsync(second);
            } else {
                CompletableFuture.supplyAsync(first, executor).thenApplyAsync(second, executor);
            }
            firstStageMayEnd.countDown();
        }

        private static void await(CountDownLatch latch) {
            try {
                latch.await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static void supplyAsync(Runnable task, Executor executor) {
            CompletableFuture.supplyAsync(() -> {
                task.run();
                return null;
            }, executor);
        }
    }

    /** What a task opened, and on which thread. */
    private record Opened(int localPort, Thread thread) {
    }

    @ParameterizedTest
    @EnumSource(Submission.class)
    void eachOfTwoWindowsRecordingAtOnceGetsExactlyTheConnectionItsTaskOpened(Submission submission)
            throws Exception {
        CyclicBarrier bothRecording = new CyclicBarrier(2);
        CyclicBarrier bothTasksDone = new CyclicBarrier(2);
        CompletableFuture<WindowResult> first = inWindowOnNewThread(submission, bothRecording, bothTasksDone);
        CompletableFuture<WindowResult> second = inWindowOnNewThread(submission, bothRecording, bothTasksDone);

        for (WindowResult result : List.of(first.get(WAIT_SECONDS, TimeUnit.SECONDS),
                second.get(WAIT_SECONDS, TimeUnit.SECONDS))) {
            assertThat(result.opened().thread()).as("the thread that ran the task")
                    .isNotSameAs(result.windowThread());
            assertThat(clients(result.activity())).as("client connections of %s", result.activity())
                    .singleElement()
                    .satisfies(connection -> {
                        assertThat(connection.local().getPort()).isEqualTo(result.opened().localPort());
                        assertThat(connection.origin()).isEqualTo(Origin.WINDOW);
                        assertThat(connection.openingSite().threadName()).isEqualTo(result.opened().thread().getName());
                    });
        }
    }

    @ParameterizedTest
    @EnumSource(Submission.class)
    void aTaskSubmittedFromAThreadWithoutAWindowStaysUnattributedAlsoOnAWorkerThatRanAWindowsTask(
            Submission submission) throws Exception {
        SocketActivity activity;
        Opened own;
        Opened foreign;
        try (Recording window = Recordings.startRecording(SETTLE)) {
            own = runAndWait(submission, single);
            CompletableFuture<Opened> fromWindowless = new CompletableFuture<>();
            Runnable submit = () -> {
                try {
                    fromWindowless.complete(runAndWait(submission, single));
                } catch (Throwable e) {
                    fromWindowless.completeExceptionally(e);
                }
            };
            // started by the window's thread, without inheriting its thread-locals: so without its window
            new Thread(null, submit, "windowless", 0, false).start();
            foreign = fromWindowless.get(WAIT_SECONDS, TimeUnit.SECONDS);
            activity = window.stop();
        }
        if (submission.usesTheGivenExecutor) { // the common pool may have more than one worker
            assertThat(foreign.thread()).as("the worker that ran the window's task").isSameAs(own.thread());
        }
        assertOwnAndForeign(activity, own, foreign);
    }

    @Test
    void oneRunnableGivenAgainByAThreadWithoutAWindowRunsInNoWindowThen() throws Exception {
        // one Runnable instance, as a library's worker loop is: executed from the window, then from elsewhere
        BlockingQueue<Opened> opened = new LinkedBlockingQueue<>();
        Runnable connect = () -> opened.add(openAndExchange());
        SocketActivity activity;
        Opened own;
        Opened foreign;
        try (Recording window = Recordings.startRecording(SETTLE)) {
            single.execute(connect);
            own = opened.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            Thread windowless = new Thread(null, () -> single.execute(connect), "windowless", 0, false);
            windowless.start();
            windowless.join();
            foreign = opened.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            activity = window.stop();
        }
        assertOwnAndForeign(activity, own, foreign);
    }

    @Test
    void aPeriodicTaskRunsInItsSubmittersWindowOnlyWhileThatRecords() throws Exception {
        Semaphore runs = new Semaphore(0);
        ScheduledFuture<?> periodic;
        SocketActivity submitters;
        SocketActivity later;
        try (Recording window = Recordings.startRecording(SETTLE)) {
            periodic = scheduler.scheduleWithFixedDelay(() -> {
                try (Socket socket = new Socket("127.0.0.1", server.port())) {
                    EchoServer.roundTrip(socket, "tick");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                runs.release();
            }, 0, 5, TimeUnit.MILLISECONDS);
            assertThat(runs.tryAcquire(2, WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            submitters = window.stop();
        }
        try (Recording window = Recordings.startRecording(SETTLE)) {
            runs.drainPermits();
            // the first run to end may have started before this window: its connection is then baseline
            assertThat(runs.tryAcquire(2, WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            periodic.cancel(false);
            later = window.stop();
        }
        assertThat(clients(submitters)).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(connection -> assertThat(connection.origin()).isEqualTo(Origin.WINDOW));
        assertThat(clients(later)).isNotEmpty()
                .allSatisfy(connection -> assertThat(connection.origin()).isEqualTo(Origin.UNATTRIBUTED));
    }

    @Test
    void aThreadPerTaskExecutorsThreadsInheritTheSubmittersWindow() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads are JDK 21+");
        SocketActivity activity;
        Opened opened;
        ExecutorService virtual = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor")
                .invoke(null);
        try (Recording window = Recordings.startRecording(SETTLE)) {
            opened = runAndWait(Submission.SUBMIT_CALLABLE, virtual);
            activity = window.stop();
        } finally {
            virtual.shutdown();
        }
        assertThat(clients(activity)).singleElement().satisfies(connection -> {
            assertThat(connection.local().getPort()).isEqualTo(opened.localPort());
            assertThat(connection.origin()).isEqualTo(Origin.WINDOW);
        });
    }

    @Test
    void eachOfTwoWindowsRecordingAtOnceGetsExactlyTheConnectionsItsParallelStreamOpened() throws Exception {
        CyclicBarrier bothRecording = new CyclicBarrier(2);
        CyclicBarrier bothStreamsDone = new CyclicBarrier(2);
        List<CompletableFuture<StreamResult>> results = List.of(
                parallelStreamInWindowOnNewThread(bothRecording, bothStreamsDone),
                parallelStreamInWindowOnNewThread(bothRecording, bothStreamsDone));

        for (CompletableFuture<StreamResult> each : results) {
            StreamResult result = each.get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(result.opened()).as("the threads that ran the stream's elements")
                    .anySatisfy(opened -> assertThat(opened.thread()).isInstanceOf(ForkJoinWorkerThread.class));
            assertThat(clients(result.activity())).as("client connections of %s", result.activity())
                    .allSatisfy(connection -> assertThat(connection.origin()).isEqualTo(Origin.WINDOW))
                    .extracting(connection -> connection.local().getPort())
                    .containsExactlyInAnyOrderElementsOf(
                            result.opened().stream().map(Opened::localPort).toList());
        }
    }

    @Test
    void aWorkerWaitingInOneWindowsTaskRunsQueuedTasksInTheirCreatorsWindowOrInNone() throws Exception {
        // the pool's one worker runs the first window's task, which waits until the second window's task and a
        // windowless thread's task are queued behind it, then runs both itself, nested in its own (helpQuiesce)
        CyclicBarrier bothRecording = new CyclicBarrier(2);
        CountDownLatch firstTaskRunning = new CountDownLatch(1);
        CountDownLatch othersQueued = new CountDownLatch(2);
        CountDownLatch allTasksDone = new CountDownLatch(3);
        CompletableFuture<Opened> first = new CompletableFuture<>();
        CompletableFuture<Opened> second = new CompletableFuture<>();
        CompletableFuture<Opened> foreign = new CompletableFuture<>();
        CompletableFuture<SocketActivity> firstWindow = inWindowOnNewThread("first", bothRecording, allTasksDone,
                () -> forkJoinPool.execute(action(first, allTasksDone, () -> {
                    firstTaskRunning.countDown();
                    await(othersQueued);
                    ForkJoinTask.helpQuiesce();
                })));
        CompletableFuture<SocketActivity> secondWindow = inWindowOnNewThread("second", bothRecording, allTasksDone,
                () -> {
                    await(firstTaskRunning);
                    forkJoinPool.execute(action(second, allTasksDone, () -> { }));
                    othersQueued.countDown();
                });
        new Thread(null, () -> {
            await(firstTaskRunning);
            forkJoinPool.execute(action(foreign, allTasksDone, () -> { }));
            othersQueued.countDown();
        }, "windowless", 0, false).start();

        SocketActivity firstActivity = firstWindow.get(WAIT_SECONDS, TimeUnit.SECONDS);
        SocketActivity secondActivity = secondWindow.get(WAIT_SECONDS, TimeUnit.SECONDS);
        Opened worker = first.get();
        assertThat(List.of(second.get().thread(), foreign.get().thread())).as("the threads that ran the others")
                .containsOnly(worker.thread());
        assertOwnAndForeign(firstActivity, worker, foreign.get());
        assertOwnAndForeign(secondActivity, second.get(), foreign.get());
    }

    private record StreamResult(List<Opened> opened, SocketActivity activity) {
    }

    /**
     * On a new thread, opens a window, waits until the other window records too, runs a parallel stream whose every
     * element opens a connection, waits until both streams are done and stops the window. An element the window's
     * thread runs itself first waits (bounded) for one that a pool's thread ran, so that one does.
     */
    private static CompletableFuture<StreamResult> parallelStreamInWindowOnNewThread(CyclicBarrier bothRecording,
                                                                                    CyclicBarrier bothStreamsDone) {
        CompletableFuture<StreamResult> result = new CompletableFuture<>();
        new Thread(() -> {
            try (Recording window = Recordings.startRecording(SETTLE)) {
                bothRecording.await(WAIT_SECONDS, TimeUnit.SECONDS);
                CountDownLatch workerRanOne = new CountDownLatch(1);
                BlockingQueue<Opened> opened = new LinkedBlockingQueue<>();
                IntStream.range(0, 4).parallel().forEach(element -> {
                    if (Thread.currentThread() instanceof ForkJoinWorkerThread) {
                        opened.add(openAndExchange());
                        workerRanOne.countDown();
                    } else {
                        Submission.await(workerRanOne);
                        opened.add(openAndExchange());
                    }
                });
                bothStreamsDone.await(WAIT_SECONDS, TimeUnit.SECONDS);
                result.complete(new StreamResult(List.copyOf(opened), window.stop()));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "window-parallel-stream").start();
        return result;
    }

    /**
     * On a new thread, opens a window, waits until the other window records too, runs {@code body}, waits until
     * {@code done} and stops the window.
     */
    private static CompletableFuture<SocketActivity> inWindowOnNewThread(String name, CyclicBarrier bothRecording,
                                                                        CountDownLatch done, Runnable body) {
        CompletableFuture<SocketActivity> result = new CompletableFuture<>();
        new Thread(() -> {
            try (Recording window = Recordings.startRecording(SETTLE)) {
                bothRecording.await(WAIT_SECONDS, TimeUnit.SECONDS);
                body.run();
                assertThat(done.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("the tasks ran").isTrue();
                result.complete(window.stop());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "window-" + name).start();
        return result;
    }

    /** Returns a task that opens a connection, exchanges a message, closes it, then runs {@code then}. */
    private static RecursiveAction action(CompletableFuture<Opened> opened, CountDownLatch done, Runnable then) {
        return recursiveAction(() -> {
            try {
                opened.complete(openAndExchange());
                then.run();
            } catch (RuntimeException e) {
                opened.completeExceptionally(e);
            } finally {
                done.countDown();
            }
        });
    }

    /** Returns a {@code RecursiveAction} that runs {@code task}. */
    private static RecursiveAction recursiveAction(Runnable task) {
        return new RecursiveAction() {
            @Override
            protected void compute() {
                task.run();
            }
        };
    }

    private static void await(CountDownLatch latch) {
        Submission.await(latch);
    }

    private record WindowResult(Thread windowThread, Opened opened, SocketActivity activity) {
    }

    /**
     * Netty connects on its event loop: {@code Bootstrap.connect} hands the channel's registration to the loop, whose
     * task then starts the non-blocking connect, finished later by the loop's selector outside any task. Both
     * windows share the loop, as tests share a library's event loop group; each connection takes the window and the
     * line of the thread that called {@code connect}.
     */
    @Test
    void eachOfTwoWindowsGetsTheConnectionItsNettyBootstrapOpenedOnASharedEventLoop() throws Exception {
        CyclicBarrier bothRecording = new CyclicBarrier(2);
        CyclicBarrier bothConnected = new CyclicBarrier(2);
        List<CompletableFuture<NettyResult>> results = List.of(nettyConnectInWindow(bothRecording, bothConnected),
                nettyConnectInWindow(bothRecording, bothConnected));

        for (CompletableFuture<NettyResult> each : results) {
            NettyResult result = each.get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(clients(result.activity())).as("client connections of %s", result.activity())
                    .singleElement()
                    .satisfies(connection -> {
                        assertThat(connection.local().getPort()).isEqualTo(result.localPort());
                        assertThat(connection.origin()).isEqualTo(Origin.WINDOW);
                        // the event loop opened it for the line that called connect, on the window's thread
                        assertThat(connection.openingSite().threadName()).isEqualTo("netty-connect-in-window");
                        assertThat(connection.openingSite().frame().getClassName())
                                .isEqualTo(ExecutorAttributionTests.class.getName());
                        assertThat(connection.openingSite().frame().getLineNumber())
                                .isEqualTo(result.connectLine());
                    });
        }
    }

    private record NettyResult(int localPort, int connectLine, SocketActivity activity) {
    }

    /** Connects through Netty in a window of a new thread, closing once the other window's connection is open too. */
    private static CompletableFuture<NettyResult> nettyConnectInWindow(CyclicBarrier bothRecording,
                                                                      CyclicBarrier bothConnected) {
        CompletableFuture<NettyResult> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try (Recording window = Recordings.startRecording(SETTLE)) {
                bothRecording.await(WAIT_SECONDS, TimeUnit.SECONDS);
                Bootstrap bootstrap = new Bootstrap().group(nettyLoop).channel(NioSocketChannel.class)
                        .handler(new ChannelInboundHandlerAdapter());
                int connectLine = new Throwable().getStackTrace()[0].getLineNumber() + 1;
                Channel channel = bootstrap.connect("127.0.0.1", server.port()).sync().channel();
                int localPort = ((InetSocketAddress) channel.localAddress()).getPort();
                bothConnected.await(WAIT_SECONDS, TimeUnit.SECONDS);
                channel.close().sync();
                result.complete(new NettyResult(localPort, connectLine, window.stop()));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "netty-connect-in-window");
        thread.start();
        return result;
    }

    /**
     * On a new thread (it inherits no window: this thread has none), opens a window, waits until the other window
     * records too, submits a task, waits until both tasks are done and stops the window.
     */
    private static CompletableFuture<WindowResult> inWindowOnNewThread(Submission submission,
                                                                      CyclicBarrier bothRecording,
                                                                      CyclicBarrier bothTasksDone) {
        CompletableFuture<WindowResult> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try (Recording window = Recordings.startRecording(SETTLE)) {
                bothRecording.await(WAIT_SECONDS, TimeUnit.SECONDS);
                Opened opened = runAndWait(submission, pool);
                bothTasksDone.await(WAIT_SECONDS, TimeUnit.SECONDS);
                result.complete(new WindowResult(Thread.currentThread(), opened, window.stop()));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "window-" + submission);
        thread.start();
        return result;
    }

    /**
     * Submits a task that opens a connection, exchanges a message and closes it, and waits for it on a latch, never
     * on the future: waiting on a {@code CompletableFuture} can run its task on the waiting thread.
     */
    private static Opened runAndWait(Submission submission, ExecutorService executor) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        CompletableFuture<Opened> opened = new CompletableFuture<>();
        submission.submit(executor, () -> {
            try {
                opened.complete(openAndExchange());
            } catch (RuntimeException e) {
                opened.completeExceptionally(e);
            } finally {
                done.countDown();
            }
        });
        assertThat(done.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("the task ran").isTrue();
        return opened.get();
    }

    /** Asserts that the window got {@code own}'s connection as its own and {@code foreign}'s as unattributed. */
    private static void assertOwnAndForeign(SocketActivity activity, Opened own, Opened foreign) {
        assertThat(own).isNotNull();
        assertThat(foreign).isNotNull();
        assertThat(clients(activity)).as("client connections of %s", activity).hasSize(2)
                .anySatisfy(connection -> {
                    assertThat(connection.local().getPort()).isEqualTo(own.localPort());
                    assertThat(connection.origin()).isEqualTo(Origin.WINDOW);
                })
                .anySatisfy(connection -> {
                    assertThat(connection.local().getPort()).isEqualTo(foreign.localPort());
                    assertThat(connection.origin()).isEqualTo(Origin.UNATTRIBUTED);
                });
    }

    /** Opens a connection to the echo server, exchanges a message and closes it. */
    private static Opened openAndExchange() {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            EchoServer.roundTrip(socket, "task");
            return new Opened(socket.getLocalPort(), Thread.currentThread());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<TcpConnection> clients(SocketActivity activity) {
        return activity.connections().stream()
                .filter(c -> c.side() == Side.CLIENT && c.origin() != Origin.BASELINE).toList();
    }
}
