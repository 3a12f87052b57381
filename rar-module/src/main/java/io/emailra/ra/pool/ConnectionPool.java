package io.emailra.ra.pool;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded pool of connections keyed by what they are signed on as. What it guarantees:
 * <ul>
 *   <li>at most {@code maxSize} connections exist at once, idle, in use or being opened, for all
 *       keys together;</li>
 *   <li>a connection is handed out only for its own key, to one borrower at a time, and only after
 *       {@link Connections#isValid} said yes;</li>
 *   <li>idle connections are reused newest first (so the connection a caller returned last is the
 *       one it gets next when nobody else borrowed meanwhile), and one idle longer than the idle
 *       timeout is closed by {@link #evictIdle()};</li>
 *   <li>a borrower that finds the pool full waits at most its wait time; when an idle connection of
 *       another key is all there is, it is closed to make room;</li>
 *   <li>a returned connection wakes one waiting borrower, not all.</li>
 * </ul>
 * Connections are opened, validated and closed outside the pool's lock; the lock guards only its
 * counts and queues, so the lock order is: a caller's own locks, then this pool's, never the reverse.
 */
final class ConnectionPool<K, C> {

    /** What the pool does to its connections. */
    interface Connections<K, C> {

        C open(K key) throws Exception;

        /** Whether an idle connection may be handed out again (it may check the server). */
        boolean isValid(C connection);

        void close(C connection);

        /** A borrower found the pool full and waited this long (for a connection, or until its wait ran out). */
        default void waited(long nanos) {
        }
    }

    /** No connection could be had within the wait. */
    static final class Exhausted extends Exception {

        Exhausted(String message) {
            super(message);
        }
    }

    private record Idle<C>(C connection, long sinceNanos) {
    }

    private final Connections<K, C> connections;
    private final int maxSize;
    private final long idleTimeoutNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<K, ArrayDeque<Idle<C>>> idle = new HashMap<>();
    private int idleCount;
    /** Connections open or being opened, idle or not. */
    private int size;
    private boolean closed;

    ConnectionPool(Connections<K, C> connections, int maxSize, Duration idleTimeout) {
        this.connections = connections;
        this.maxSize = maxSize;
        this.idleTimeoutNanos = idleTimeout.toNanos();
    }

    /**
     * A valid connection for the key: an idle one, or a new one if there is room.
     *
     * @throws Exhausted            if none could be had within the wait
     * @throws InterruptedException if the thread was interrupted while waiting
     * @throws IllegalStateException if the pool is closed
     * @throws Exception            what opening a connection threw
     */
    C borrow(K key, Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        long waitingSince = 0;
        while (true) {
            C reused;
            C making = null;
            lock.lock();
            try {
                while (true) {
                    if (closed) {
                        throw new IllegalStateException("the pool is closed");
                    }
                    reused = takeIdle(key);
                    if (reused != null) {
                        break;
                    }
                    if (size < maxSize) {
                        size++;
                        break;
                    }
                    making = takeOldestIdle();
                    if (making != null) {
                        break; // an idle connection of another key gives its place to this one
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        connections.waited(System.nanoTime() - waitingSince);
                        throw new Exhausted("all " + maxSize + " connections of the pool are in use");
                    }
                    if (waitingSince == 0) {
                        waitingSince = System.nanoTime();
                    }
                    try {
                        changed.awaitNanos(left);
                    } catch (InterruptedException e) {
                        changed.signal(); // a wake-up meant for this thread goes to the next one
                        throw e;
                    }
                }
            } finally {
                lock.unlock();
            }
            if (waitingSince != 0) {
                connections.waited(System.nanoTime() - waitingSince);
                waitingSince = 0;
            }
            if (making != null) {
                connections.close(making);
            }
            if (reused == null) {
                return openCounted(key);
            }
            if (connections.isValid(reused)) {
                return reused;
            }
            discard(reused);
        }
    }

    /** Puts a connection back for its key, to be handed out again; wakes one waiting borrower. */
    void giveBack(K key, C connection) {
        lock.lock();
        try {
            if (!closed) {
                idle.computeIfAbsent(key, k -> new ArrayDeque<>()).addFirst(new Idle<>(connection, System.nanoTime()));
                idleCount++;
                changed.signal();
                return;
            }
        } finally {
            lock.unlock();
        }
        discard(connection);
    }

    /** Closes a connection that must not be used again and frees its place. */
    void discard(C connection) {
        try {
            connections.close(connection);
        } finally {
            lock.lock();
            try {
                size--;
                changed.signal();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Closes the connections idle longer than the idle timeout. */
    void evictIdle() {
        List<C> expired = new ArrayList<>();
        lock.lock();
        try {
            long now = System.nanoTime();
            for (Iterator<ArrayDeque<Idle<C>>> queues = idle.values().iterator(); queues.hasNext(); ) {
                ArrayDeque<Idle<C>> queue = queues.next();
                // Newest first: the expired ones are at the tail.
                while (!queue.isEmpty() && now - queue.peekLast().sinceNanos() > idleTimeoutNanos) {
                    expired.add(queue.pollLast().connection());
                }
                if (queue.isEmpty()) {
                    queues.remove();
                }
            }
            idleCount -= expired.size();
            size -= expired.size();
            if (!expired.isEmpty()) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
        expired.forEach(connections::close);
    }

    /** Closes the idle connections now; connections in use are closed when they are given back. */
    void close() {
        List<C> closing = new ArrayList<>();
        lock.lock();
        try {
            closed = true;
            idle.values().forEach(queue -> queue.forEach(entry -> closing.add(entry.connection())));
            idle.clear();
            size -= closing.size();
            idleCount = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        closing.forEach(connections::close);
    }

    int idleCount() {
        lock.lock();
        try {
            return idleCount;
        } finally {
            lock.unlock();
        }
    }

    /** Connections open (or being opened) and not idle. */
    int activeCount() {
        lock.lock();
        try {
            return size - idleCount;
        } finally {
            lock.unlock();
        }
    }

    /** Borrowers waiting for a connection now. */
    int waiters() {
        lock.lock();
        try {
            return lock.getWaitQueueLength(changed);
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    private C takeIdle(K key) {
        ArrayDeque<Idle<C>> queue = idle.get(key);
        if (queue == null) {
            return null;
        }
        Idle<C> newest = queue.pollFirst();
        if (queue.isEmpty()) {
            idle.remove(key);
        }
        if (newest == null) {
            return null;
        }
        idleCount--;
        return newest.connection();
    }

    /** The idle connection of any key idle longest, taken out; its place stays counted for its successor. */
    private C takeOldestIdle() {
        K oldestKey = null;
        long oldest = 0;
        for (Map.Entry<K, ArrayDeque<Idle<C>>> entry : idle.entrySet()) {
            long since = entry.getValue().peekLast().sinceNanos();
            if (oldestKey == null || since - oldest < 0) {
                oldestKey = entry.getKey();
                oldest = since;
            }
        }
        if (oldestKey == null) {
            return null;
        }
        ArrayDeque<Idle<C>> queue = idle.get(oldestKey);
        C connection = queue.pollLast().connection();
        if (queue.isEmpty()) {
            idle.remove(oldestKey);
        }
        idleCount--;
        return connection;
    }

    private C openCounted(K key) throws Exception {
        try {
            return connections.open(key);
        } catch (Exception | Error e) {
            lock.lock();
            try {
                size--;
                changed.signal();
            } finally {
                lock.unlock();
            }
            throw e;
        }
    }
}
