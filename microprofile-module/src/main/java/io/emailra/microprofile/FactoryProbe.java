package io.emailra.microprofile;

import io.emailra.api.AllocationMode;
import io.emailra.api.EmailClient;
import io.emailra.api.EmailClientFactory;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether one connection factory's server answers: a NOOP on a connection of its pool, given at most
 * {@code timeout}; the answer is kept for {@code cacheFor}, so that a storm of probes opens no
 * connections. A probe still waiting for a stalled server is not started again: its factory is DOWN
 * until it ends (bounded by the factory's read time limit).
 */
final class FactoryProbe {

    /** What the last probe found: null reason when UP. */
    record Result(String factory, String reason, long atNanos) {
        boolean up() {
            return reason == null;
        }
    }

    private final String jndiName;
    private final Duration timeout;
    private final Duration cacheFor;
    private final ExecutorService probes;
    private Result last;
    private CompletableFuture<Void> running;

    FactoryProbe(String jndiName, Duration timeout, Duration cacheFor, ExecutorService probes) {
        this.jndiName = jndiName;
        this.timeout = timeout;
        this.cacheFor = cacheFor;
        this.probes = probes;
    }

    synchronized Result check() {
        long now = System.nanoTime();
        if (last != null && now - last.atNanos() < cacheFor.toNanos()) {
            return last;
        }
        if (running != null && !running.isDone()) {
            last = new Result(jndiName, "the last probe has had no answer for over " + timeout.toMillis() + " ms", now);
            return last;
        }
        EmailClientFactory<?> factory;
        try {
            factory = (EmailClientFactory<?>) new InitialContext().lookup(jndiName);
        } catch (NamingException | ClassCastException e) {
            last = new Result(jndiName, "not an emailra connection factory in JNDI: " + e, now);
            return last;
        }
        running = CompletableFuture.runAsync(() -> {
            try (EmailClient client = factory.getClient(AllocationMode.USE_DEFAULT)) {
                client.noop();
            }
        }, probes);
        try {
            running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            last = new Result(jndiName, null, System.nanoTime());
        } catch (TimeoutException e) {
            last = new Result(jndiName, "no answer within " + timeout.toMillis() + " ms", System.nanoTime());
        } catch (ExecutionException e) {
            last = new Result(jndiName, String.valueOf(e.getCause().getMessage()), System.nanoTime());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            last = new Result(jndiName, "interrupted", System.nanoTime());
        }
        return last;
    }
}
