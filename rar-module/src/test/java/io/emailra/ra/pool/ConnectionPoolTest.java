package io.emailra.ra.pool;

import io.emailra.testsupport.Await;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pool of the non-managed path on its own, with connections that are plain objects. */
class ConnectionPoolTest {

    private static final Duration NO_WAIT = Duration.ZERO;
    private static final Duration LONG_WAIT = Duration.ofSeconds(10);

    /** A connection: its key, whether it still passes validation, whether it was closed. */
    private static final class Conn {
        final String key;
        final int number;
        volatile boolean valid = true;
        volatile boolean closed;

        Conn(String key, int number) {
            this.key = key;
            this.number = number;
        }
    }

    private static class Fake implements ConnectionPool.Connections<String, Conn> {
        final AtomicInteger opened = new AtomicInteger();
        final List<Conn> closed = new ArrayList<>();
        volatile RuntimeException failOpen;

        @Override
        public Conn open(String key) {
            if (failOpen != null) {
                throw failOpen;
            }
            return new Conn(key, opened.incrementAndGet());
        }

        @Override
        public boolean isValid(Conn connection) {
            return connection.valid;
        }

        @Override
        public synchronized void close(Conn connection) {
            connection.closed = true;
            closed.add(connection);
        }
    }

    private final Fake fake = new Fake();

    private ConnectionPool<String, Conn> pool(int maxSize) {
        return new ConnectionPool<>(fake, maxSize, Duration.ofMinutes(5));
    }

    @Test
    void theConnectionGivenBackLastIsTheOneHandedOutNextForItsKeyOnly() throws Exception {
        ConnectionPool<String, Conn> pool = pool(4);
        Conn first = pool.borrow("alice", NO_WAIT);
        Conn second = pool.borrow("alice", NO_WAIT);
        pool.giveBack("alice", first);
        pool.giveBack("alice", second);
        assertSame(second, pool.borrow("alice", NO_WAIT), "newest first");
        Conn bobs = pool.borrow("bob", NO_WAIT);
        assertEquals("bob", bobs.key, "alice's idle connection is never handed to bob");
        assertEquals(3, fake.opened.get());
        assertEquals(2, pool.activeCount());
        assertEquals(1, pool.idleCount());
    }

    @Test
    void aFullPoolFailsAfterTheWaitNamingItsSizeAndIsUsableAfterwards() throws Exception {
        ConnectionPool<String, Conn> pool = pool(2);
        Conn a = pool.borrow("alice", NO_WAIT);
        pool.borrow("alice", NO_WAIT);
        ConnectionPool.Exhausted full = assertThrows(ConnectionPool.Exhausted.class,
                () -> pool.borrow("alice", Duration.ofMillis(50)));
        assertTrue(full.getMessage().contains("all 2 connections"), full.getMessage());
        pool.giveBack("alice", a);
        assertSame(a, pool.borrow("alice", NO_WAIT));
        assertEquals(2, fake.opened.get(), "never more than the maximum");
    }

    @Test
    void aWaitingBorrowerGetsTheConnectionGivenBack() throws Exception {
        ConnectionPool<String, Conn> pool = pool(1);
        Conn only = pool.borrow("alice", NO_WAIT);
        CompletableFuture<Conn> waiting = CompletableFuture.supplyAsync(() -> borrow(pool, "alice"));
        await("the borrower waits", () -> pool.waiters() == 1);
        pool.giveBack("alice", only);
        assertSame(only, waiting.get(10, TimeUnit.SECONDS));
    }

    @Test
    void whenFullAnIdleConnectionOfAnotherKeyMakesRoom() throws Exception {
        ConnectionPool<String, Conn> pool = pool(2);
        Conn alices = pool.borrow("alice", NO_WAIT);
        Conn bobs = pool.borrow("bob", NO_WAIT);
        pool.giveBack("alice", alices);
        Conn carols = pool.borrow("carol", NO_WAIT);
        assertEquals("carol", carols.key);
        assertTrue(alices.closed, "the idle connection of another key was closed to make room");
        assertFalse(bobs.closed);
        assertEquals(2, pool.activeCount());
        assertEquals(0, pool.idleCount());
    }

    @Test
    void anIdleConnectionThatFailsValidationIsClosedAndANewOneOpened() throws Exception {
        ConnectionPool<String, Conn> pool = pool(1);
        Conn stale = pool.borrow("alice", NO_WAIT);
        pool.giveBack("alice", stale);
        stale.valid = false;
        Conn fresh = pool.borrow("alice", NO_WAIT);
        assertNotSame(stale, fresh);
        assertTrue(stale.closed);
        assertEquals(1, pool.activeCount());
    }

    @Test
    void aFailedOpenFreesItsPlace() throws Exception {
        ConnectionPool<String, Conn> pool = pool(1);
        fake.failOpen = new IllegalStateException("server down");
        assertSame(fake.failOpen, assertThrows(IllegalStateException.class, () -> pool.borrow("alice", NO_WAIT)));
        fake.failOpen = null;
        assertEquals(0, pool.activeCount());
        assertEquals("alice", pool.borrow("alice", NO_WAIT).key, "the place is free again");
    }

    @Test
    void aDiscardedConnectionIsClosedAndFreesItsPlace() throws Exception {
        ConnectionPool<String, Conn> pool = pool(1);
        Conn broken = pool.borrow("alice", NO_WAIT);
        pool.discard(broken);
        assertTrue(broken.closed);
        assertEquals(0, pool.activeCount() + pool.idleCount());
        assertNotSame(broken, pool.borrow("alice", NO_WAIT));
    }

    @Test
    void evictionClosesOnlyConnectionsIdleLongerThanTheTimeout() throws Exception {
        ConnectionPool<String, Conn> expiring = new ConnectionPool<>(fake, 2, Duration.ZERO);
        Conn idle = expiring.borrow("alice", NO_WAIT);
        Conn busy = expiring.borrow("alice", NO_WAIT);
        expiring.giveBack("alice", idle);
        await("a nanosecond has passed", () -> {
            expiring.evictIdle();
            return idle.closed;
        });
        assertFalse(busy.closed, "a connection in use is never evicted");
        assertEquals(0, expiring.idleCount());
        assertEquals(1, expiring.activeCount());

        ConnectionPool<String, Conn> keeping = pool(1);
        Conn recent = keeping.borrow("alice", NO_WAIT);
        keeping.giveBack("alice", recent);
        keeping.evictIdle();
        assertFalse(recent.closed, "idle for less than five minutes");
    }

    @Test
    void closeClosesIdleConnectionsAtOnceAndTheOthersWhenGivenBack() throws Exception {
        ConnectionPool<String, Conn> pool = pool(2);
        Conn idle = pool.borrow("alice", NO_WAIT);
        Conn busy = pool.borrow("alice", NO_WAIT);
        pool.giveBack("alice", idle);
        pool.close();
        assertTrue(idle.closed);
        assertFalse(busy.closed);
        pool.giveBack("alice", busy);
        assertTrue(busy.closed);
        assertEquals(0, pool.activeCount() + pool.idleCount());
        assertThrows(IllegalStateException.class, () -> pool.borrow("alice", NO_WAIT));
    }

    @Test
    void anInterruptedWaiterPassesItsWakeUpOn() throws Exception {
        ConnectionPool<String, Conn> pool = pool(1);
        Conn only = pool.borrow("alice", NO_WAIT);
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> pool.borrow("alice", LONG_WAIT));
        assertFalse(Thread.currentThread().isInterrupted(), "the interrupt was consumed by the exception");
        pool.giveBack("alice", only);
        assertSame(only, pool.borrow("alice", NO_WAIT));
    }

    @Test
    void aSlowSignOnDoesNotHoldUpOtherBorrowers() throws Exception {
        CompletableFuture<Void> aliceSignedOn = new CompletableFuture<>();
        ConnectionPool<String, Conn> pool = new ConnectionPool<>(new Fake() {
            @Override
            public Conn open(String key) {
                if (key.equals("alice")) {
                    aliceSignedOn.join();
                }
                return super.open(key);
            }
        }, 2, Duration.ofMinutes(5));
        CompletableFuture<Conn> alice = CompletableFuture.supplyAsync(() -> borrow(pool, "alice"));
        await("alice's sign-on is under way", () -> pool.activeCount() == 1);
        assertEquals("bob", CompletableFuture.supplyAsync(() -> borrow(pool, "bob")).get(10, TimeUnit.SECONDS).key,
                "bob got his connection while alice's was still being opened");
        assertFalse(alice.isDone());
        aliceSignedOn.complete(null);
        assertEquals("alice", alice.get(10, TimeUnit.SECONDS).key);
    }

    private static void await(String condition, BooleanSupplier probe) {
        Await.until(condition, Duration.ofSeconds(5), () -> probe.getAsBoolean() ? Optional.of(true) : Optional.empty());
    }

    private static Conn borrow(ConnectionPool<String, Conn> pool, String key) {
        try {
            return pool.borrow(key, LONG_WAIT);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
