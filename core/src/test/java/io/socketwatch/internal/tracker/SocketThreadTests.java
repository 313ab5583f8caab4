package io.socketwatch.internal.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class SocketThreadTests {

    @Test
    void readsTheStateAfterACommandNameWithSpacesAndParentheses() {
        // the first recorded from this machine's /proc/<pid>/task/<tid>/stat; the second made from it for a thread
        // named "a) b (c"
        String dispatcher = "29678 (HTTP-Dispatcher) S 29657 29640 1 0 -1 1077936192 45 0 0 0 0 0 0 0 20 0 22 0";
        String odd = "31002 (a) b (c) R 30990 30977 1 0 -1 4194368 12 0 0 0 3 1 0 0 20 0 14 0";
        assertThat(SocketThread.stateOf(dispatcher.getBytes(StandardCharsets.US_ASCII))).isEqualTo('S');
        assertThat(SocketThread.stateOf(odd.getBytes(StandardCharsets.US_ASCII))).isEqualTo('R');
        assertThat(SocketThread.stateOf("no parenthesis".getBytes(StandardCharsets.US_ASCII))).isEqualTo((char) 0);
        assertThat(SocketThread.stateOf("1 (cut)".getBytes(StandardCharsets.US_ASCII))).isEqualTo((char) 0);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aSpinningThreadMayBeRunningAndAParkedOneIsNot() throws Exception {
        AtomicBoolean spin = new AtomicBoolean(true);
        CountDownLatch started = new CountDownLatch(2);
        CompletableFuture<SocketThread> spinner = new CompletableFuture<>();
        CompletableFuture<SocketThread> parked = new CompletableFuture<>();
        Thread spinning = new Thread(() -> {
            spinner.complete(SocketThread.current());
            started.countDown();
            while (spin.get()) {
                Thread.onSpinWait();
            }
        });
        Thread parking = new Thread(() -> {
            parked.complete(SocketThread.current());
            started.countDown();
            while (spin.get()) {
                LockSupport.park();
            }
        });
        spinning.start();
        parking.start();
        try {
            started.await();
            // a thread that spins is running or queued to run whenever the OS is asked
            assertThat(spinner.get().osState()).isEqualTo(SocketThread.OsState.RUNNING);
            // a parked thread sleeps in the OS once it has reached its futex wait: wait for that, bounded
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                while (parked.get().osState() != SocketThread.OsState.WAITING) {
                    Thread.onSpinWait();
                }
            });
            assertThat(SocketThread.current().thread()).isSameAs(Thread.currentThread());
        } finally {
            spin.set(false);
            LockSupport.unpark(parking);
            spinning.join();
            parking.join();
        }
    }
}
