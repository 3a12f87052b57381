package io.emailra.ra.monitor;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Operation times in a small histogram: 8 buckets per doubling of microseconds, so a percentile is
 * known within 9% of its value, in fixed memory and without a lock (a few atomic adds per operation).
 */
final class Latency {

    private static final int PER_OCTAVE = 8;
    private static final int OCTAVES = 40;

    private final AtomicLongArray buckets = new AtomicLongArray(PER_OCTAVE * OCTAVES);
    private final LongAdder count = new LongAdder();
    private final LongAdder totalNanos = new LongAdder();
    private final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);

    void record(long nanos) {
        long micros = Math.max(1, nanos / 1000);
        buckets.incrementAndGet(bucket(micros));
        count.increment();
        totalNanos.add(nanos);
        maxNanos.accumulate(nanos);
    }

    long count() {
        return count.sum();
    }

    double meanMillis() {
        long n = count.sum();
        return n == 0 ? 0 : totalNanos.sum() / 1e6 / n;
    }

    double maxMillis() {
        return maxNanos.get() / 1e6;
    }

    /** The time below which this fraction of the operations took, the upper bound of its bucket; 0 if none. */
    double percentileMillis(double fraction) {
        long total = 0;
        long[] counts = new long[buckets.length()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = buckets.get(i);
            total += counts[i];
        }
        if (total == 0) {
            return 0;
        }
        long wanted = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= wanted) {
                return Math.min(upperMicros(i) / 1000.0, maxMillis());
            }
        }
        return maxMillis();
    }

    private static int bucket(long micros) {
        int octave = 63 - Long.numberOfLeadingZeros(micros);
        int sub = octave < 3 ? (int) (micros - (1L << octave)) * PER_OCTAVE >> octave
                : (int) ((micros >> (octave - 3)) & (PER_OCTAVE - 1));
        return Math.min(octave * PER_OCTAVE + sub, PER_OCTAVE * OCTAVES - 1);
    }

    private static double upperMicros(int bucket) {
        int octave = bucket / PER_OCTAVE;
        int sub = bucket % PER_OCTAVE;
        return (1L << octave) * (1 + (sub + 1) / (double) PER_OCTAVE);
    }
}
