package io.emailra.ra.physical.smtp;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pace of maxMessagesPerSecond: even slots, no saved-up bursts, an interruptible wait. */
class SendRateTest {

    private static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);

    private final AtomicLong now = new AtomicLong(-5 * MILLI); // any start: nanoTime may be negative

    @Test
    void slotsAreOneIntervalApartWhoeverTakesThem() {
        SendRate rate = new SendRate(50, now::get);
        long first = rate.reserve();
        assertEquals(now.get(), first, "the first message need not wait");
        for (int message = 1; message <= 1_000; message++) {
            assertEquals(first + message * 20 * MILLI, rate.reserve(), "message #" + message);
        }
    }

    @Test
    void timeNobodySentInIsNotSavedUpForABurst() {
        SendRate rate = new SendRate(10, now::get);
        rate.reserve();
        now.addAndGet(TimeUnit.SECONDS.toNanos(60)); // a quiet minute
        long slot = rate.reserve();
        assertEquals(now.get(), slot, "at once after a pause");
        assertEquals(slot + 100 * MILLI, rate.reserve(), "and then at the rate again, not 600 at once");
    }

    @Test
    void aWaitForALaterSlotEndsAtAnInterrupt() throws InterruptedException {
        SendRate rate = new SendRate(1, now::get); // the clock stands still: the second slot never comes
        rate.awaitTurn();
        Thread.currentThread().interrupt();
        try {
            assertThrows(InterruptedException.class, rate::awaitTurn);
            assertFalse(Thread.currentThread().isInterrupted(), "the exception took the interrupt");
        } finally {
            Thread.interrupted();
        }
    }

    /** On the real clock: eleven turns at 100 per second span at least the ten intervals between them. */
    @Test
    void turnsOnTheRealClockAreNoCloserThanTheRate() throws InterruptedException {
        SendRate rate = new SendRate(100);
        long start = System.nanoTime();
        for (int turn = 0; turn < 11; turn++) {
            rate.awaitTurn();
        }
        long elapsed = System.nanoTime() - start;
        assertTrue(elapsed >= 100 * MILLI, "11 turns in " + elapsed / MILLI + " ms");
    }

    @Test
    void unsetIsNoLimit() throws InterruptedException {
        SendRate rate = new SendRate(Integer.MAX_VALUE, now::get); // the clock stands still: any wait would last forever
        for (int turn = 0; turn < 1_000; turn++) {
            rate.awaitTurn();
        }
        assertEquals("no limit", rate.toString());
        assertEquals("at most 50 messages per second", new SendRate(50).toString());
    }
}
