package io.emailra.ra.config;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The clock of Angus's write time limits ({@code mail.<protocol>.writetimeout}): without a shared
 * executor Angus starts one thread per socket. Each write schedules a task that closes the socket
 * if the write is still blocked when it runs (a server that stopped reading), and cancels it when
 * the write returns; cancelled tasks are removed at once so the queue holds only running writes.
 *
 * <p>Why a heartbeat: a task that becomes the earliest in the queue wakes the scheduler's thread,
 * so every write would cost a thread wake-up and a context switch (measured: a fifth of an IMAP
 * fetch's time on loopback). While writes are being scheduled, a no-op task every
 * {@link #HEARTBEAT_MILLIS} stays ahead of any write's deadline, and scheduling a write wakes
 * nobody. The heartbeat stops after {@link #IDLE_MILLIS} without writes and the thread ends after
 * as long again, so no thread outlives an undeployed adapter for long.
 */
public final class WriteTimeouts extends ScheduledThreadPoolExecutor {

    private static WriteTimeouts current;

    private static final long HEARTBEAT_MILLIS = 1_000;
    private static final long IDLE_MILLIS = 30_000;

    private final AtomicBoolean beating = new AtomicBoolean();
    private volatile long lastScheduledNanos;
    private volatile ScheduledFuture<?> heartbeat;

    /** The scheduler for sessions made now. */
    static synchronized WriteTimeouts scheduler() {
        if (current == null) {
            current = new WriteTimeouts();
        }
        return current;
    }

    /**
     * Ends the thread now (emailra stops), rather than after its idle time. Sessions made later get a
     * new scheduler; those made before belong to factories that stopped with emailra.
     */
    public static synchronized void stop() {
        if (current != null) {
            current.shutdownNow();
            current = null;
        }
    }

    private WriteTimeouts() {
        super(1, task -> {
            Thread thread = new Thread(task, "emailra-write-timeouts");
            thread.setDaemon(true);
            thread.setContextClassLoader(WriteTimeouts.class.getClassLoader());
            return thread;
        });
        setRemoveOnCancelPolicy(true);
        setKeepAliveTime(IDLE_MILLIS, TimeUnit.MILLISECONDS);
        allowCoreThreadTimeOut(true);
    }

    /**
     * Runs the task once after the delay, on the same thread: emailra's one timer, which also ends
     * IMAP IDLE waits on time.
     */
    public static ScheduledFuture<?> later(Runnable task, Duration delay) {
        return scheduler().schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Angus schedules each write's time limit through this method. */
    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        lastScheduledNanos = System.nanoTime();
        if (!beating.get() && beating.compareAndSet(false, true)) {
            heartbeat = scheduleAtFixedRate(this::beat, HEARTBEAT_MILLIS, HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
        }
        return super.schedule(callable, delay, unit);
    }

    private void beat() {
        if (System.nanoTime() - lastScheduledNanos > TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS)) {
            ScheduledFuture<?> own = heartbeat;
            if (own != null) {
                own.cancel(false);
            }
            beating.set(false);
        }
    }
}
