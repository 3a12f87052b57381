package io.emailra.ra.physical.smtp;

import io.emailra.ra.physical.Refusals;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * When a connection's SMTP transport is due for replacement: once it sent
 * {@code maxMessagesPerConnection} messages (SendGrid, SES, Yahoo and Exchange close or refuse a
 * connection after so many), once it is older than {@code maxConnectionAgeMillis}, or once the server
 * throttled it (450, 451 or 452 with an enhanced status 4.7.x, such as "451 4.7.1 Try again later":
 * a provider slowing a connection down wants the next message on another one). Not thread-safe: its
 * connection runs one operation at a time.
 */
public final class TransportLife {

    private final int maxMessages;
    private final long maxAgeNanos;
    private final LongSupplier clock;
    private long openedAt;
    private int sent;
    /** The throttling reply that made the transport due, or null. */
    private String throttled;

    /** The life of a transport signed on now; the limits are {@code MAX_VALUE} when unset. */
    public TransportLife(int maxMessages, long maxAgeMillis) {
        this(maxMessages, maxAgeMillis, System::nanoTime);
    }

    TransportLife(int maxMessages, long maxAgeMillis, LongSupplier clock) {
        this.maxMessages = maxMessages;
        this.maxAgeNanos = TimeUnit.MILLISECONDS.toNanos(maxAgeMillis); // saturates: unset stays "never"
        this.clock = clock;
        renewed();
    }

    /** A new transport took the old one's place: it starts with no messages, no age, no throttling. */
    public void renewed() {
        openedAt = clock.getAsLong();
        sent = 0;
        throttled = null;
    }

    /** A message goes out on the transport (whatever the server then answers). */
    public void sending() {
        sent++;
    }

    /** A reply to the transport's last message, for the whole message or one recipient. */
    public void replied(int replyCode, String reply) {
        String status = Refusals.enhancedStatus(reply);
        if (replyCode >= 450 && replyCode <= 452 && status != null && status.startsWith("4.7.")) {
            throttled = reply.strip();
        }
    }

    /** Why the transport must be replaced before its next message, or null if it need not be. */
    public String due() {
        if (throttled != null) {
            return "the server throttled it (" + throttled + ")";
        }
        if (sent >= maxMessages) {
            return "it sent as many messages as maxMessagesPerConnection (" + maxMessages + ") allows";
        }
        long age = clock.getAsLong() - openedAt;
        if (age > maxAgeNanos) {
            return "it is older than maxConnectionAgeMillis (" + TimeUnit.NANOSECONDS.toMillis(maxAgeNanos) + "): "
                    + TimeUnit.NANOSECONDS.toMillis(age) + " ms";
        }
        return null;
    }
}
