package io.emailra.ra.monitor;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One connection factory's figures, counted where the work happens: operations by outcome and
 * their times, messages sent, evictions by cause, waits under a user's connection cap, physical
 * connections in use, and the ON_COMMIT courier's work. Counting costs a few uncontended atomic
 * adds; reading is for JMX, now and then.
 */
public final class FactoryStatistics {

    /** How an operation on a physical connection ended. */
    public enum Outcome {
        /** Done. */
        OK,
        /** The server (or emailra, before sending anything) refused it; the connection stays. */
        REFUSED,
        /** The connection was lost (or could not be opened). */
        CONNECTION_FAILURE,
        /** The server refused the credentials when the connection signed on. */
        AUTHENTICATION_FAILURE
    }

    /** Why a physical connection was closed for good. */
    public enum Eviction {
        /** It failed in an operation. */
        CONNECTION_FAILURE,
        /** It failed the check before reuse (NOOP, RSET). */
        VALIDATION_FAILURE,
        /** It could not be reset for its next user. */
        CLEANUP_FAILURE
    }

    private final Map<Outcome, LongAdder> operations = counters(Outcome.class);
    private final Map<Eviction, LongAdder> evictions = counters(Eviction.class);
    private final Latency latency = new Latency();
    private final Map<String, Latency> byOperation = new ConcurrentHashMap<>();
    private final LongAdder sends = new LongAdder();
    private final LongAdder messagesSent = new LongAdder();
    private final Waits capWaits = new Waits();
    private final AtomicInteger inUse = new AtomicInteger();
    private final Waits poolWaits = new Waits();
    private final Map<String, AtomicInteger> logical = new ConcurrentHashMap<>();
    private final LongAdder outboxRetries = new LongAdder();
    private final LongAdder outboxDeadLetters = new LongAdder();
    private final LongAdder outboxAccepted = new LongAdder();
    private final LongAdder inboundDeliveries = new LongAdder();
    private final LongAdder inboundRedeliveries = new LongAdder();
    private final LongAdder inboundPoisoned = new LongAdder();
    private final LongAdder inboundReconnects = new LongAdder();

    private static <E extends Enum<E>> Map<E, LongAdder> counters(Class<E> type) {
        Map<E, LongAdder> counters = new EnumMap<>(type);
        for (E constant : type.getEnumConstants()) {
            counters.put(constant, new LongAdder());
        }
        return counters;
    }

    /** An operation ended; its time is counted whatever the outcome, also under its name. */
    public void operation(String name, Outcome outcome, long nanos) {
        operations.get(outcome).increment();
        latency.record(nanos);
        byOperation.computeIfAbsent(name, n -> new Latency()).record(nanos);
    }

    /** A connection could not be opened (signed on): counted, not timed as an operation. */
    public void openFailed(Outcome outcome) {
        operations.get(outcome).increment();
    }

    /** The times of each operation by name (the API method), sorted by name. */
    public Map<String, OperationTimes> latencyByOperation() {
        Map<String, OperationTimes> times = new TreeMap<>();
        byOperation.forEach((name, latency) -> times.put(name, new OperationTimes(latency.count(), latency.meanMillis(),
                latency.percentileMillis(0.5), latency.percentileMillis(0.99), latency.maxMillis())));
        return times;
    }

    public void evicted(Eviction cause) {
        evictions.get(cause).increment();
    }

    /** A message went to the server (accepted or not). */
    public void sending() {
        sends.increment();
    }

    /** The server accepted a message, for at least one recipient. */
    public void sent() {
        messagesSent.increment();
    }

    /** An operation waited for a place under its user's connection cap. */
    public void waitedForCap(long nanos) {
        capWaits.record(nanos);
    }

    /** An operation waited for a connection of emailra's own pool (the non-managed path), which was full. */
    public void waitedForPool(long nanos) {
        poolWaits.record(nanos);
    }

    public long poolWaits() {
        return poolWaits.count();
    }

    public double poolWaitMillisTotal() {
        return poolWaits.totalMillis();
    }

    public double poolWaitMillisMax() {
        return poolWaits.maxMillis();
    }

    /** A physical connection was handed out (+1) or came back (-1). */
    public void inUse(int change) {
        inUse.addAndGet(change);
    }

    /** A logical connection of this kind (main, default, independent) was opened (+1) or released (-1). */
    public void logical(String kind, int change) {
        logical.computeIfAbsent(kind.toLowerCase(Locale.ROOT), k -> new AtomicInteger()).addAndGet(change);
    }

    /** The logical connections open now, by kind. */
    public Map<String, Integer> logicalConnections() {
        Map<String, Integer> byKind = new TreeMap<>();
        logical.forEach((kind, count) -> byKind.put(kind, count.get()));
        return byKind;
    }

    /** ON_COMMIT: a committed message will be tried again. */
    public void retried() {
        outboxRetries.increment();
    }

    /** ON_COMMIT: a message (or some of its recipients) became a dead letter. */
    public void deadLettered() {
        outboxDeadLetters.increment();
    }

    /** ON_COMMIT: the server accepted a committed message. */
    public void accepted() {
        outboxAccepted.increment();
    }

    /** Inbound: a message went to the bean; a redelivery if an attempt failed before. */
    public void delivered(boolean redelivery) {
        inboundDeliveries.increment();
        if (redelivery) {
            inboundRedeliveries.increment();
        }
    }

    /** Inbound: a message failed every attempt and was set aside. */
    public void poisoned() {
        inboundPoisoned.increment();
    }

    /** Inbound: the activation lost its server and connects again. */
    public void reconnecting() {
        inboundReconnects.increment();
    }

    public long inboundDeliveries() {
        return inboundDeliveries.sum();
    }

    public long inboundRedeliveries() {
        return inboundRedeliveries.sum();
    }

    public long inboundPoisoned() {
        return inboundPoisoned.sum();
    }

    public long inboundReconnects() {
        return inboundReconnects.sum();
    }

    public long operations(Outcome outcome) {
        return operations.get(outcome).sum();
    }

    public Map<String, Long> evictions() {
        Map<String, Long> byCause = new TreeMap<>();
        evictions.forEach((cause, count) -> byCause.put(cause.name().toLowerCase(Locale.ROOT), count.sum()));
        return byCause;
    }

    public long evictions(Eviction cause) {
        return evictions.get(cause).sum();
    }

    public int inUse() {
        return inUse.get();
    }

    public long sends() {
        return sends.sum();
    }

    public long messagesSent() {
        return messagesSent.sum();
    }

    public long capWaits() {
        return capWaits.count();
    }

    public double capWaitMillisTotal() {
        return capWaits.totalMillis();
    }

    public double capWaitMillisMax() {
        return capWaits.maxMillis();
    }

    public long latencyCount() {
        return latency.count();
    }

    public double latencyMeanMillis() {
        return latency.meanMillis();
    }

    public double latencyMaxMillis() {
        return latency.maxMillis();
    }

    public double latencyPercentileMillis(double fraction) {
        return latency.percentileMillis(fraction);
    }

    public long outboxRetries() {
        return outboxRetries.sum();
    }

    public long outboxDeadLetters() {
        return outboxDeadLetters.sum();
    }

    public long outboxAccepted() {
        return outboxAccepted.sum();
    }
}
