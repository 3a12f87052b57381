package io.emailra.ra.pool;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that closes the non-managed pools' idle connections, shared by all of them: each
 * open pool is one periodic task on it. With no pool open it has no task, and the thread ends after
 * {@link #KEEP_ALIVE_SECONDS}, so nothing of emailra's keeps running after its last pool closed.
 */
public final class IdleEviction {

    private static final long KEEP_ALIVE_SECONDS = 30;
    private static ScheduledThreadPoolExecutor scheduler;

    private IdleEviction() {
    }

    /**
     * Evicts the pool's idle connections every interval (at least once a second) until the returned
     * future is cancelled, or the pool is no longer referenced (a factory dropped without being closed
     * is not kept alive by its eviction).
     */
    static synchronized ScheduledFuture<?> every(Duration interval, ConnectionPool<?, ?> pool) {
        if (scheduler == null) {
            scheduler = newScheduler();
        }
        long millis = Math.max(1_000, interval.toMillis());
        Task task = new Task(new WeakReference<>(pool));
        task.future = scheduler.scheduleWithFixedDelay(task, millis, millis, TimeUnit.MILLISECONDS);
        return task.future;
    }

    /**
     * Ends the thread now (emailra stops: the bundle, or the resource adapter), rather than after its
     * idle time, so that nothing of emailra runs or holds its class loader afterwards. Pools opened
     * later get a new one.
     */
    public static synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    private static final class Task implements Runnable {

        private final WeakReference<ConnectionPool<?, ?>> pool;
        private volatile ScheduledFuture<?> future;

        Task(WeakReference<ConnectionPool<?, ?>> pool) {
            this.pool = pool;
        }

        @Override
        public void run() {
            ConnectionPool<?, ?> target = pool.get();
            if (target != null) {
                target.evictIdle();
            } else if (future != null) {
                future.cancel(false);
            }
        }
    }

    /** Pools scheduled now, for tests: each open pool is one. */
    static synchronized int scheduledPools() {
        return scheduler == null ? 0 : scheduler.getQueue().size();
    }

    private static ScheduledThreadPoolExecutor newScheduler() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "emailra-idle-eviction");
            thread.setDaemon(true);
            thread.setContextClassLoader(IdleEviction.class.getClassLoader());
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setKeepAliveTime(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
        scheduler.allowCoreThreadTimeOut(true);
        return scheduler;
    }
}
