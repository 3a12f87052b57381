package io.emailra.ra.physical.smtp;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The pace of {@code maxMessagesPerSecond}, shared by all connections of one factory: each message
 * takes the next free slot, {@code 1/rate} seconds after the one before, and its sender waits for
 * that slot. Slots are even, not bursts: a provider that counts per second sees at most the rate (and
 * one more at a second's edge) in any second, however its seconds are aligned with ours.
 */
public final class SendRate {

    private final int perSecond;
    private final long intervalNanos;
    private final LongSupplier clock;
    /** The next free slot, on the clock's nanosecond scale. */
    private long nextSlot; // guarded by this

    /** @param perSecond messages per second; {@link Integer#MAX_VALUE} (unset) is no limit */
    public SendRate(int perSecond) {
        this(perSecond, System::nanoTime);
    }

    SendRate(int perSecond, LongSupplier clock) {
        this.perSecond = perSecond;
        // Above a billion per second a slot would be under a nanosecond: no limit, as unset is.
        this.intervalNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
        this.clock = clock;
        this.nextSlot = clock.getAsLong();
    }

    /**
     * Waits for this message's slot, asleep, not spinning. An interrupted wait gives its slot up
     * unused: the rate is then undershot, never exceeded.
     *
     * @throws InterruptedException if the thread is interrupted while it waits
     */
    public void awaitTurn() throws InterruptedException {
        if (intervalNanos == 0) {
            return;
        }
        long slot = reserve();
        for (long wait = slot - clock.getAsLong(); wait > 0; wait = slot - clock.getAsLong()) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    /** Takes the next free slot, or now if the slots are behind: time nobody sent in is not saved up for a burst. */
    synchronized long reserve() {
        long now = clock.getAsLong();
        long slot = nextSlot - now > 0 ? nextSlot : now;
        nextSlot = slot + intervalNanos;
        return slot;
    }

    @Override
    public String toString() {
        return intervalNanos == 0 ? "no limit" : "at most " + perSecond + " messages per second";
    }
}
