package io.emailra.ra.monitor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The histogram's percentiles are within its bucket width (9%) of the exact ones. */
class LatencyTest {

    @Test
    void percentilesOfAKnownSpreadAreWithinABucket() {
        Latency latency = new Latency();
        for (int millis = 1; millis <= 1000; millis++) {
            latency.record(millis * 1_000_000L);
        }
        assertEquals(1000, latency.count());
        assertWithin(500, latency.percentileMillis(0.5));
        assertWithin(990, latency.percentileMillis(0.99));
        assertEquals(1000, latency.maxMillis(), 1e-9);
        assertEquals(500.5, latency.meanMillis(), 1e-9);
    }

    @Test
    void nothingRecordedIsZeroAndMicrosecondsAreKept() {
        Latency latency = new Latency();
        assertEquals(0, latency.percentileMillis(0.5));
        latency.record(3_000);
        assertWithin(0.003, latency.percentileMillis(0.5));
    }

    private static void assertWithin(double exact, double estimate) {
        assertTrue(estimate >= exact && estimate <= exact * 1.13, exact + " estimated as " + estimate);
    }
}
