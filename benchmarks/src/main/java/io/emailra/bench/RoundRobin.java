package io.emailra.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;

/**
 * The harness: rounds in which every contender works for the same time on the same number of
 * threads, one contender after the other, the order rotating from round to round so that none is
 * always first or last. A round's figure is the operations completed over the time from the start
 * to the end of the last one. The first rounds warm up and are not recorded. A failed operation
 * fails the benchmark: a number measured with errors means nothing.
 */
final class RoundRobin {

    /** Warm-up rounds, measured rounds, and how long each contender works in a round. */
    record Settings(int warmUpRounds, int rounds, Duration roundTime) {
    }

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private final Settings settings;
    private final IntConsumer betweenRounds;

    /**
     * {@code betweenRounds} gets the number of operations a contender's round completed and runs
     * before the next one, outside the clock (e.g. waiting for the messages to be delivered).
     */
    RoundRobin(Settings settings, IntConsumer betweenRounds) {
        this.settings = settings;
        this.betweenRounds = betweenRounds;
    }

    Samples run(List<? extends Contender> contenders, int threads) throws Exception {
        Samples samples = new Samples();
        int total = settings.warmUpRounds() + settings.rounds();
        for (int round = 0; round < total; round++) {
            for (int turn = 0; turn < contenders.size(); turn++) {
                Contender contender = contenders.get((round + turn) % contenders.size());
                AtomicInteger completed = new AtomicInteger();
                LongAdder cpuNanos = new LongAdder();
                double seconds = seconds(contender, threads, completed, cpuNanos);
                betweenRounds.accept(completed.get());
                if (round >= settings.warmUpRounds()) {
                    samples.add(contender.name(), completed.get() / seconds, cpuNanos.sum() / 1e3 / completed.get());
                }
            }
            System.out.printf("  T=%d round %d/%d done%n", threads, round + 1, total);
        }
        for (Contender contender : contenders) {
            samples.describe(contender.name(), contender.label(threads), contender.connectionsOpen());
        }
        return samples;
    }

    /** One round of one contender: the time from the moment every worker is ready to the last operation's end. */
    private double seconds(Contender contender, int threads, AtomicInteger completed, LongAdder cpuNanos)
            throws Exception {
        CyclicBarrier ready = new CyclicBarrier(threads + 1);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        AtomicLong deadline = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        try (Contender.Round round = contender.round(threads)) {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Thread worker = new Thread(() -> {
                    try (Contender.Worker work = round.worker(thread)) {
                        ready.await();
                        go.await();
                        long cpuStart = CPU.getCurrentThreadCpuTime();
                        try {
                            for (int i = 0; System.nanoTime() < deadline.get(); i++) {
                                work.operate(thread + i * threads);
                                completed.incrementAndGet();
                            }
                        } finally {
                            cpuNanos.add(CPU.getCurrentThreadCpuTime() - cpuStart);
                            done.countDown();
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                        ready.reset(); // a worker that failed before the start must not leave the others waiting
                    }
                }, contender.name() + "-" + t);
                workers.add(worker);
                worker.start();
            }
            long elapsed = 0;
            try {
                ready.await();
                long start = System.nanoTime();
                deadline.set(start + settings.roundTime().toNanos());
                go.countDown();
                done.await();
                elapsed = System.nanoTime() - start;
            } catch (BrokenBarrierException e) {
                failure.compareAndSet(null, e);
            }
            for (Thread worker : workers) {
                worker.join();
            }
            if (failure.get() != null) {
                throw new IllegalStateException(contender.name() + " failed on T=" + threads, failure.get());
            }
            return elapsed / 1e9;
        }
    }
}
