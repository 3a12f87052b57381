package io.emailra.ra;

import io.emailra.api.AllocationMode;
import io.emailra.api.EmailClientFactory;
import io.emailra.api.EmailConnection;
import io.emailra.ra.config.MailServerConfig;
import io.emailra.ra.config.Protocol;
import io.emailra.ra.logical.AbstractEmailClient;
import io.emailra.ra.logical.ClientContext;
import io.emailra.ra.physical.Credentials;
import io.emailra.ra.physical.MailOperation;
import io.emailra.ra.physical.PhysicalConnection;
import io.emailra.ra.pool.NonManagedConnectionManager;
import io.emailra.ra.pool.PoolSettings;
import jakarta.mail.Session;
import jakarta.resource.spi.ConnectionManager;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * R11 through the real client, allocator and pool, over a session that only counts: operations
 * sharing a connection never overlap; operations on different connections do.
 */
class SerializationTest {

    /** A physical connection that records how many operations run on it at once. */
    static final class CountingSession implements PhysicalConnection {
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();

        void enter() {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
        }

        void leave() {
            running.decrementAndGet();
        }

        @Override
        public void noop() {
        }

        @Override
        public void reset() {
        }

        @Override
        public void close() {
        }
    }

    /** A client whose operations are whatever the test passes. */
    static final class TestClient extends AbstractEmailClient<CountingSession> {
        TestClient(ClientContext<CountingSession> context) {
            super(context);
        }

        <T> T perform(EmailConnection connection, MailOperation<CountingSession, T> operation) {
            return run(connection, "perform", operation);
        }

        <T> T perform(MailOperation<CountingSession, T> operation) {
            return run(CURRENT, "perform", operation);
        }
    }

    static final class TestManagedConnectionFactory extends MailManagedConnectionFactory<CountingSession> {
        @Override
        public Protocol protocol() {
            return Protocol.SMTP;
        }

        @Override
        protected CountingSession connect(Session session, MailServerConfig config, Credentials credentials) {
            return new CountingSession();
        }

        @Override
        protected Object newConnectionFactory(ConnectionManager manager) {
            return new AbstractClientFactory<TestClient, CountingSession>(this, manager) {
                @Override
                protected TestClient newClient(ClientContext<CountingSession> context) {
                    return new TestClient(context);
                }
            };
        }
    }

    @SuppressWarnings("unchecked")
    private static EmailClientFactory<TestClient> factory() throws Exception {
        TestManagedConnectionFactory managed = new TestManagedConnectionFactory();
        managed.setTransportSecurity("NONE");
        return (EmailClientFactory<TestClient>) managed.createConnectionFactory(new NonManagedConnectionManager(managed,
                new PoolSettings(4, Duration.ofSeconds(2), Duration.ofMinutes(1))));
    }

    @Test
    void operationsSharingTheMainConnectionRunOneAtATime() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try (TestClient client = factory().getClient(AllocationMode.USE_MAIN)) {
            CountingSession[] seen = new CountingSession[1];
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                tasks.add(threads.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        client.perform(session -> {
                            seen[0] = session;
                            session.enter();
                            Thread.onSpinWait();
                            session.leave();
                            return null;
                        });
                    }
                }));
            }
            for (Future<?> task : tasks) {
                task.get(30, TimeUnit.SECONDS);
            }
            assertEquals(1, seen[0].mostAtOnce.get(), "two operations overlapped on one connection");
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void operationsOnDifferentConnectionsRunInParallel() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (TestClient client = factory().getClient(AllocationMode.USE_MAIN)) {
            EmailConnection first = client.createConnection();
            EmailConnection second = client.createConnection();
            CountDownLatch bothInside = new CountDownLatch(2);
            List<Future<Boolean>> tasks = new ArrayList<>();
            for (EmailConnection connection : List.of(first, second)) {
                tasks.add(threads.submit(() -> client.perform(connection, session -> {
                    bothInside.countDown();
                    // Only true if the other connection's operation runs at the same time.
                    try {
                        return bothInside.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        return false;
                    }
                })));
            }
            for (Future<Boolean> task : tasks) {
                assertTrue(task.get(30, TimeUnit.SECONDS), "operations on two connections did not overlap");
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
