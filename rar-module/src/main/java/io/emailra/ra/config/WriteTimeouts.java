package io.emailra.ra.config;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The clock of Angus's write time limits ({@code mail.<protocol>.writetimeout}): without a shared
 * executor Angus starts one thread per socket. Each write schedules a task that closes the socket
 * if the write is still blocked when it runs (a server that stopped reading), and cancels it when
 * the write returns; cancelled tasks are removed at once so the queue holds only running writes.
 */
final class WriteTimeouts {

    static final ScheduledExecutorService SCHEDULER = newScheduler();

    private WriteTimeouts() {
    }

    private static ScheduledExecutorService newScheduler() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "emailra-write-timeouts");
            thread.setDaemon(true);
            thread.setContextClassLoader(WriteTimeouts.class.getClassLoader());
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        // No thread while no mail is written, so none outlives an undeployed adapter for long.
        scheduler.setKeepAliveTime(30, TimeUnit.SECONDS);
        scheduler.allowCoreThreadTimeOut(true);
        return scheduler;
    }
}
