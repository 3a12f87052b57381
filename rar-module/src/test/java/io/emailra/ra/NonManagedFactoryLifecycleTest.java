package io.emailra.ra;

import io.emailra.api.AllocationMode;
import io.emailra.api.EmailConnectionException;
import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.ra.pool.NonManagedConnectionManager;
import io.emailra.ra.pool.PoolSettings;
import jakarta.resource.ResourceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The non-managed path's life cycle: every {@code createConnectionFactory()} of one managed
 * connection factory uses its one pool, {@code close()} closes that pool, and a later call makes a
 * new one; no call leaks a pool.
 */
class NonManagedFactoryLifecycleTest {

    @RegisterExtension
    static final MailServerExtension MAIL = new MailServerExtension();

    @Test
    void everyConnectionFactoryUsesTheOnePoolWhichCloseClosesAndALaterCallRemakes() throws Exception {
        String user = MAIL.newUser();
        ImapManagedConnectionFactory managed = MAIL.configure(new ImapManagedConnectionFactory(), user);
        try {
            List<ImapClientFactory> factories = List.of(create(managed), create(managed), create(managed));
            NonManagedConnectionManager pool = managed.nonManagedPool(PoolSettings.defaults());
            assertSame(pool, managed.nonManagedPool(PoolSettings.defaults()));

            for (ImapClientFactory factory : factories) {
                try (ImapClient client = factory.getClient(AllocationMode.USE_MAIN)) {
                    client.selectFolder("INBOX");
                    assertEquals(List.of(), client.listMessages());
                    assertEquals(1, pool.activeCount() + pool.idleCount(), "the client's connection is the pool's");
                }
            }
            assertEquals(0, pool.activeCount());
            assertEquals(1, pool.idleCount(), "three connection factories, one pool, one physical connection");
            assertEquals(1, managed.openConnections());

            managed.close();
            assertEquals(0, pool.idleCount(), "close() closed the pool's idle connections");
            assertEquals(0, managed.openConnections(), "close() left physical connections open");
            for (ImapClientFactory closed : factories) {
                assertThrows(EmailConnectionException.class, () -> closed.getClient(AllocationMode.USE_MAIN).noop(),
                        "a closed pool hands out no connection");
            }

            ImapClientFactory again = create(managed);
            NonManagedConnectionManager newPool = managed.nonManagedPool(PoolSettings.defaults());
            assertNotSame(pool, newPool, "after close() a new pool is made");
            try (ImapClient client = again.getClient(AllocationMode.USE_MAIN)) {
                client.selectFolder("INBOX");
                assertEquals(List.of(), client.listMessages());
            }
            assertEquals(1, newPool.idleCount());
            assertEquals(0, pool.idleCount() + pool.activeCount(), "the closed pool stays unused");
        } finally {
            managed.close();
        }
        assertEquals(0, managed.openConnections());
    }

    @Test
    void manyCallsLeakNoPoolNorEvictor() throws Exception {
        String user = MAIL.newUser();
        ImapManagedConnectionFactory managed = MAIL.configure(new ImapManagedConnectionFactory(), user);
        try {
            create(managed); // the pool, and so the evictor, exist from here
            NonManagedConnectionManager pool = managed.nonManagedPool(PoolSettings.defaults());
            long evictorThreadsBefore = evictorThreads();
            int evictionTasksBefore = evictionTasks();

            List<ImapClientFactory> factories = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                factories.add(create(managed));
                assertSame(pool, managed.nonManagedPool(PoolSettings.defaults()), "call " + i + " made another pool");
            }
            for (ImapClientFactory factory : factories) {
                try (ImapClient client = factory.getClient(AllocationMode.USE_MAIN)) {
                    client.noop();
                }
            }
            assertEquals(1, managed.openConnections(), "twenty connection factories, one pool, one physical connection");
            assertEquals(1, pool.idleCount());
            long evictorThreadsAfter = evictorThreads();
            assertTrue(evictorThreadsAfter <= evictorThreadsBefore,
                    "evictor threads grew from " + evictorThreadsBefore + " to " + evictorThreadsAfter);
            // One eviction thread serves all pools; each open pool is one task on it.
            int evictionTasksAfter = evictionTasks();
            assertTrue(evictionTasksAfter <= evictionTasksBefore,
                    "evictor tasks (open pools) grew from " + evictionTasksBefore + " to " + evictionTasksAfter);
        } finally {
            managed.close();
        }
    }

    private static ImapClientFactory create(ImapManagedConnectionFactory managed) throws ResourceException {
        return (ImapClientFactory) managed.createConnectionFactory();
    }

    private static long evictorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && thread.getName().equals("emailra-idle-eviction"))
                .count();
    }

    /** The eviction tasks scheduled now: one per open pool. */
    private static int evictionTasks() throws Exception {
        Method tasks = Class.forName("io.emailra.ra.pool.IdleEviction").getDeclaredMethod("scheduledPools");
        tasks.setAccessible(true);
        return (int) tasks.invoke(null);
    }
}
