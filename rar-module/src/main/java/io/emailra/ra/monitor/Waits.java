package io.emailra.ra.monitor;

import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/** Waits of one kind: how many, how long in all, the longest. */
final class Waits {

    private final LongAdder count = new LongAdder();
    private final LongAdder totalNanos = new LongAdder();
    private final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);

    void record(long nanos) {
        count.increment();
        totalNanos.add(nanos);
        maxNanos.accumulate(nanos);
    }

    long count() {
        return count.sum();
    }

    double totalMillis() {
        return totalNanos.sum() / 1e6;
    }

    double maxMillis() {
        return maxNanos.get() / 1e6;
    }
}
