package io.emailra.ra.physical;

import io.emailra.api.EmailConnectionException;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How many physical connections emailra may use at once for each user of one server (R16): no
 * limit, or {@code maxConnectionsPerUser}, or what the server taught by refusing one more for its
 * own limit (Dovecot's {@code [LIMIT]}, Gmail's "Too many simultaneous connections", SMTP 421). An
 * operation takes a place under its user's cap before it asks the pool for a connection and gives
 * it back when it returns the connection; over the cap it waits, as it would for the pool.
 */
public final class ConnectionCaps {

    private static final Logger LOG = Logger.getLogger(ConnectionCaps.class.getName());
    /** After a refusal with places free, the next try waits at most this long for one to be given back. */
    private static final long RETRY_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final String server;
    private final int configured;
    private final Map<String, Cap> caps = new ConcurrentHashMap<>();

    /**
     * @param configured the cap every user starts with ({@code maxConnectionsPerUser}), or
     *                   {@link Integer#MAX_VALUE} to learn it from the server
     */
    public ConnectionCaps(String server, int configured) {
        this.server = server;
        this.configured = configured;
    }

    /** The users whose cap is below the configured one (learned from refusals), with their caps. */
    public Map<String, Integer> learned() {
        Map<String, Integer> learned = new TreeMap<>();
        caps.forEach((user, cap) -> {
            int limit = cap.limit();
            if (limit < configured) {
                learned.put(user, limit);
            }
        });
        return learned;
    }

    /** The cap of one user (null: whoever the container signs on). */
    public Cap of(String user) {
        return caps.computeIfAbsent(String.valueOf(user), u -> new Cap(user));
    }

    /**
     * The places of one user's connections. A place given back wakes one waiting operation, not all
     * of them (with more threads than places, waking all of them costs more than the operations).
     */
    public final class Cap {

        private final String user;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition placeFree = lock.newCondition();
        private final Condition givenBack = lock.newCondition();
        private int limit = configured;
        private int inUse;
        private long returns;

        private Cap(String user) {
            this.user = user;
        }

        /**
         * Takes a place, waiting until the deadline ({@link System#nanoTime()}) for one.
         *
         * @param ceiling at most this many at once whatever the cap: the size of emailra's own pool, so
         *                that its operations queue in one place, here
         * @param waited  how long the caller will have waited at the deadline, for the message
         * @throws EmailConnectionException if none is free in time, or the thread is interrupted
         */
        public void take(long deadline, int ceiling, Duration waited) {
            lock.lock();
            try {
                while (inUse >= Math.min(limit, ceiling)) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new EmailConnectionException("no pooled connection to " + server + " for user '" + user
                                + "' within " + waited.toMillis() + " ms: " + (limit <= ceiling
                                ? "the server allows " + limit + " connections for this user and all are in use"
                                : "all " + ceiling + " connections of the pool are in use"), null);
                    }
                    await(placeFree, left);
                }
                inUse++;
            } finally {
                lock.unlock();
            }
        }

        public void giveBack() {
            lock.lock();
            try {
                inUse--;
                returns++;
                placeFree.signal();
                givenBack.signalAll();
            } finally {
                lock.unlock();
            }
        }

        /**
         * The server refused a connection for its own limit while {@code open} were open for this user:
         * from now on no more than that (at least 1), said once in the log each time it is lowered.
         * Then waits (up to a short pause, never past the deadline) for a connection to be given back,
         * so that a refused attempt is not repeated at once.
         */
        public void refusedAt(int open, String reason, long deadline) {
            lock.lock();
            try {
                int learned = Math.max(1, open);
                if (learned < limit) {
                    limit = learned;
                    LOG.log(Level.INFO, "emailra: {0} refused a connection for user ''{1}'' for its own limit ({2});"
                            + " emailra now uses at most {3} connections for this user (maxConnectionsPerUser sets it up front)",
                            new Object[]{server, user, reason, learned});
                }
                long seen = returns;
                long pauseEnd = System.nanoTime() + RETRY_PAUSE_NANOS;
                long end = pauseEnd - deadline < 0 ? pauseEnd : deadline;
                long left;
                while (returns == seen && (left = end - System.nanoTime()) > 0) {
                    await(givenBack, left);
                }
            } finally {
                lock.unlock();
            }
        }

        public int limit() {
            lock.lock();
            try {
                return limit;
            } finally {
                lock.unlock();
            }
        }

        private void await(Condition condition, long nanos) {
            try {
                condition.awaitNanos(nanos);
            } catch (InterruptedException e) {
                placeFree.signal(); // a wake-up meant for this thread goes to the next one
                Thread.currentThread().interrupt();
                throw new EmailConnectionException("interrupted while waiting for a connection to " + server
                        + " for user '" + user + "'", e);
            }
        }
    }
}
