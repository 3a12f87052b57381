package io.emailra.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** Many threads released at the same moment, each doing one piece of work: what a busy server does to a client. */
public final class Crowd {

    /** The work of thread {@code index}. */
    @FunctionalInterface
    public interface Work {
        void run(int index) throws Exception;
    }

    /** How many threads completed their work, and what the others threw (each different failure once). */
    public record Outcome(int completed, List<String> failures) {
    }

    private Crowd() {
    }

    /** Starts the threads, releases them together and waits for all of them, at most {@code bound}. */
    public static Outcome run(int threads, Duration bound, Work work) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger completed = new AtomicInteger();
        List<String> failures = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int index = i;
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                    work.run(index);
                    completed.incrementAndGet();
                } catch (Throwable t) {
                    synchronized (failures) {
                        if (!failures.contains(t.toString())) {
                            failures.add(t.toString());
                        }
                    }
                }
            }, "crowd-" + index);
            workers.add(worker);
            worker.start();
        }
        start.countDown();
        long deadline = System.nanoTime() + bound.toNanos();
        for (Thread worker : workers) {
            worker.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        synchronized (failures) {
            return new Outcome(completed.get(), List.copyOf(failures));
        }
    }
}
