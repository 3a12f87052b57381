package io.emailra.bench;

import io.emailra.ra.MailManagedConnectionFactory;
import io.emailra.ra.pool.NonManagedConnectionManager;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Many concurrent callers on a small pool: every caller starts at the same moment, gets its own
 * client, does its work and closes it, waiting for a pooled connection as long as it takes.
 */
final class ScaleRun {

    record Result(String what, int callers, int poolSize, double seconds, int errors, String firstError,
                  double medianMillis, double p99Millis, long heapBeforeMb, long peakHeapMb, int connectionsOpen,
                  int inUseAfter) {
    }

    private ScaleRun() {
    }

    static Result run(String what, int callers, int poolSize, IntConsumer call, NonManagedConnectionManager pool,
                      MailManagedConnectionFactory<?> managed) throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long heapBefore = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peakHeap = new AtomicLong(heapBefore);
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<Throwable> firstError = new AtomicReference<>();
        long[] latencies = new long[callers];
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>(callers);
        for (int i = 0; i < callers; i++) {
            int caller = i;
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                    long start = System.nanoTime();
                    call.accept(caller);
                    latencies[caller] = System.nanoTime() - start;
                } catch (Throwable e) {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, e);
                }
            }, "caller-" + i);
            threads.add(thread);
            thread.start();
        }
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        long start = System.nanoTime();
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        sampler.interrupt();
        long[] sorted = Arrays.stream(latencies).sorted().toArray();
        Throwable error = firstError.get();
        return new Result(what, callers, poolSize, seconds, errors.get(), error == null ? null : error.toString(),
                sorted[callers / 2] / 1e6, sorted[(int) Math.ceil(callers * 0.99) - 1] / 1e6,
                heapBefore >> 20, peakHeap.get() >> 20, managed.openConnections(), pool.activeCount());
    }
}
