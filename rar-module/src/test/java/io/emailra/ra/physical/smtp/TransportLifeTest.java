package io.emailra.ra.physical.smtp;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When a transport is due for replacement, on a clock the test moves. */
class TransportLifeTest {

    private final AtomicLong now = new AtomicLong(42);

    private TransportLife life(int maxMessages, long maxAgeMillis) {
        return new TransportLife(maxMessages, maxAgeMillis, now::get);
    }

    @Test
    void dueBeforeTheMessageThatWouldPassMaxMessagesPerConnection() {
        TransportLife life = life(3, Long.MAX_VALUE);
        for (int message = 0; message < 3; message++) {
            assertNull(life.due(), "before message #" + message);
            life.sending();
        }
        String due = life.due();
        assertNotNull(due);
        assertTrue(due.contains("maxMessagesPerConnection (3)"), due);
        life.renewed();
        assertNull(life.due(), "a new transport starts from none");
    }

    @Test
    void dueOnceOlderThanMaxConnectionAgeMillisNotAtIt() {
        TransportLife life = life(Integer.MAX_VALUE, 500);
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(500));
        assertNull(life.due(), "exactly as old as allowed");
        now.incrementAndGet();
        String due = life.due();
        assertNotNull(due);
        assertTrue(due.contains("maxConnectionAgeMillis (500): 500 ms"), due);
        life.renewed();
        assertNull(life.due(), "a new transport is young");
    }

    @Test
    void unsetLimitsNeverMakeItDue() {
        TransportLife life = life(Integer.MAX_VALUE, Long.MAX_VALUE);
        now.set(Long.MAX_VALUE - 1); // the clock wrapped far past the start
        for (int message = 0; message < 10_000; message++) {
            life.sending();
        }
        assertNull(life.due());
    }

    @Test
    void aThrottlingReplyMakesItDueAndOtherRefusalsDoNot() {
        TransportLife life = life(Integer.MAX_VALUE, Long.MAX_VALUE);
        life.replied(550, "550 5.7.1 Relaying denied");
        life.replied(450, "450 4.2.0 Recipient address rejected: Greylisted");
        life.replied(452, "452 4.5.3 Too many recipients");
        life.replied(421, "421 4.7.0 Too many messages"); // a lost connection: the connection is evicted instead
        life.replied(250, "250 2.1.5 Ok");
        life.replied(-1, null);
        assertNull(life.due());
        life.replied(451, "451 4.7.1 Try again later\n");
        assertTrue(life.due().contains("451 4.7.1 Try again later)"), life.due());
        life.renewed();
        assertNull(life.due());
        life.replied(450, "450 4.7.1 Error: too much mail from 127.0.0.1");
        assertNotNull(life.due());
        life.renewed();
        life.replied(452, "452 4.7.0 Temporary System Problem");
        assertNotNull(life.due());
    }
}
