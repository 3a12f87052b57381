package io.emailra.ra.pool;

import java.time.Duration;

/**
 * The bounds of the non-managed path's pool, per connection factory.
 *
 * @param maxSize            most physical connections, idle or in use, for all credentials together
 * @param maxWait            how long an allocation waits for a free connection before failing
 * @param idleTimeout        an idle connection older than this is closed by the evictor
 * @param validateAfterIdle  a connection idle at least this long is validated (NOOP) before reuse
 */
public record PoolSettings(int maxSize, Duration maxWait, Duration idleTimeout, Duration validateAfterIdle) {

    public PoolSettings {
        if (maxSize < 1) {
            throw new IllegalArgumentException("maxSize must be at least 1, was " + maxSize);
        }
        for (Duration d : new Duration[]{maxWait, idleTimeout, validateAfterIdle}) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("pool durations must be zero or positive, was " + d);
            }
        }
    }

    /** 8 connections, 10 s wait, 5 min idle timeout, validation after 30 s idle. */
    public static PoolSettings defaults() {
        return new PoolSettings(8, Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofSeconds(30));
    }
}
