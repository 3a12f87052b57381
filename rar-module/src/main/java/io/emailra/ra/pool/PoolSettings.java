package io.emailra.ra.pool;

import java.io.Serializable;
import java.time.Duration;

/**
 * The bounds of the non-managed path's pool, per connection factory. Connections idle longer than
 * the factory's {@code validateAfterIdleMillis} are validated before reuse.
 *
 * @param maxSize            most physical connections, idle or in use, for all credentials together
 * @param maxWait            how long an allocation waits for a free connection before failing
 * @param idleTimeout        an idle connection older than this is closed by the evictor
 */
public record PoolSettings(int maxSize, Duration maxWait, Duration idleTimeout) implements Serializable {

    public PoolSettings {
        if (maxSize < 1) {
            throw new IllegalArgumentException("maxSize must be at least 1, was " + maxSize);
        }
        for (Duration d : new Duration[]{maxWait, idleTimeout}) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("pool durations must be zero or positive, was " + d);
            }
        }
    }

    /** 8 connections, 10 s wait, 5 min idle timeout. */
    public static PoolSettings defaults() {
        return new PoolSettings(8, Duration.ofSeconds(10), Duration.ofMinutes(5));
    }
}
