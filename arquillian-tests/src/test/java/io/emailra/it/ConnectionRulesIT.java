package io.emailra.it;

import io.emailra.api.AllocationMode;
import io.emailra.api.EmailConnection;
import io.emailra.api.EmailConnection.Kind;
import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.it.support.Pools;
import io.emailra.it.support.TestServers;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.emailra.it.Mail.subjects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The connection rules R1–R8, R10 and R11 in the container: a factory injected with
 * {@code @Resource}, connections from Payara's pool, other threads from the container's managed
 * executor. After every test Payara's pool has no connection in use.
 */
@ExtendWith(ArquillianExtension.class)
class ConnectionRulesIT {

    private static final String POOL = TestServers.IMAP_POOL;

    @Deployment
    static WebArchive app() {
        return Deployments.testApp("rules", ConnectionRulesIT.class);
    }

    @Resource(lookup = TestServers.IMAP_JNDI)
    ImapClientFactory imap;

    @Resource
    ManagedExecutorService executor;

    private String mailbox;

    @BeforeEach
    void mailboxWithTwoFolders() {
        mailbox = TestServers.newMailbox();
        TestServers.createFolder(mailbox, "Archive");
        try (ImapClient setup = client(AllocationMode.USE_MAIN)) {
            setup.appendMessage("INBOX", Mail.message(mailbox, "in inbox", "1"));
            setup.appendMessage("Archive", Mail.message(mailbox, "in archive", "2"));
        }
    }

    @AfterEach
    void noConnectionInUse() {
        assertEquals(0, Pools.inUse(POOL), "Payara's pool has connections in use after the test");
    }

    private ImapClient client(AllocationMode mode) {
        return imap.getClient(mode, mailbox, mailbox);
    }

    private <T> T onManagedThread(Callable<T> task) throws Exception {
        return executor.submit(task).get(30, TimeUnit.SECONDS);
    }

    @Test
    void r1MainIsAllocatedWithTheClientAndReleasedWithIt() {
        ImapClient client = client(AllocationMode.USE_MAIN_OR_DEFAULT);
        assertEquals(0, Pools.inUse(POOL), "R14: the main connection holds no physical connection before it is used");
        EmailConnection main = client.currentConnection();
        client.noop();
        assertEquals(0, Pools.inUse(POOL), "R14: nor after its operation");
        assertEquals(Kind.MAIN, main.kind());
        assertThrows(IllegalStateException.class, main::close);
        client.close();
        assertTrue(main.isClosed());
        assertEquals(0, Pools.inUse(POOL));
        try (ImapClient defaultsOnly = client(AllocationMode.USE_DEFAULT)) {
            assertEquals(0, Pools.inUse(POOL), "USE_DEFAULT never allocates the main connection");
        }
    }

    @Test
    void r2AndR6DefaultConnectionServesItsThreadOnlyAndMainServesTheOthers() throws Exception {
        try (ImapClient client = client(AllocationMode.USE_MAIN_OR_DEFAULT)) {
            client.selectFolder("INBOX");
            EmailConnection byDefault = client.createConnection(true);
            assertEquals(Kind.DEFAULT, byDefault.kind());
            assertThrows(IllegalStateException.class, () -> client.createConnection(true));
            client.selectFolder("Archive");
            assertEquals(List.of("in archive"), subjects(client.listMessages()));
            assertEquals(List.of("in inbox"), subjects(onManagedThread(client::listMessages)));
            assertEquals(0, Pools.inUse(POOL), "R14: two logical connections, no physical one held");
            byDefault.close();
            assertEquals(List.of("in inbox"), subjects(client.listMessages()), "back on main");
        }
    }

    @Test
    void r3IndependentConnectionsExistInEveryModeAndAreUsedOnlyWhenPassed() {
        for (AllocationMode mode : AllocationMode.values()) {
            try (ImapClient client = client(mode)) {
                EmailConnection independent = client.createConnection();
                assertEquals(Kind.INDEPENDENT, independent.kind());
                assertNotEquals(independent, client.currentConnection());
                client.selectFolder(independent, "Archive");
                assertEquals(List.of("in archive"), subjects(client.listMessages(independent)));
                assertThrows(IllegalStateException.class, client::listMessages, mode + ": current has nothing selected");
                independent.close();
                assertTrue(independent.isClosed());
            }
        }
    }

    @Test
    void r4ClosingTheClientReleasesEveryConnection() {
        ImapClient client = client(AllocationMode.USE_MAIN_OR_DEFAULT);
        EmailConnection byDefault = client.createConnection(true);
        EmailConnection independent = client.createConnection();
        client.noop(independent);
        assertEquals(0, Pools.inUse(POOL), "R14: three logical connections, no physical one held");
        client.close();
        client.close();
        assertEquals(0, Pools.inUse(POOL));
        assertTrue(byDefault.isClosed() && independent.isClosed());
        assertThrows(IllegalStateException.class, client::listFolders);
        assertThrows(IllegalStateException.class, client::createConnection);
    }

    @Test
    void r5ForeignAndClosedConnectionsAreRejectedBeforeAnythingIsSent() {
        try (ImapClient client = client(AllocationMode.USE_MAIN); ImapClient other = client(AllocationMode.USE_MAIN)) {
            EmailConnection foreign = other.createConnection();
            assertThrows(IllegalArgumentException.class, () -> client.selectFolder(foreign, "INBOX"));
            EmailConnection closed = client.createConnection();
            closed.close();
            assertThrows(IllegalStateException.class, () -> client.selectFolder(closed, "INBOX"));
            EmailConnection mine = client.createConnection();
            client.selectFolder(mine, "Archive");
            assertEquals(List.of("in archive"), subjects(client.listMessages(mine)), "explicit wins over main");
        }
    }

    @Test
    void r7UseMainServesEveryThreadFromMain() throws Exception {
        try (ImapClient client = client(AllocationMode.USE_MAIN)) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> client.createConnection(true));
            assertTrue(refused.getMessage().contains("not available in USE_MAIN"));
            client.selectFolder("Archive");
            assertEquals(List.of("in archive"), subjects(onManagedThread(client::listMessages)));
            assertSame(client.currentConnection(), onManagedThread(client::currentConnection));
            assertEquals(0, Pools.inUse(POOL));
        }
    }

    @Test
    void r8UseDefaultGivesEachThreadItsOwnConnectionAutomatically() throws Exception {
        try (ImapClient client = client(AllocationMode.USE_DEFAULT)) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> client.createConnection(true));
            assertTrue(refused.getMessage().contains("created automatically"));
            client.selectFolder("Archive");
            EmailConnection mine = client.currentConnection();
            assertEquals(Kind.DEFAULT, mine.kind());
            EmailConnection theirs = onManagedThread(client::currentConnection);
            assertNotEquals(mine, theirs);
            assertEquals(List.of("in archive"), subjects(client.listMessages()));
            assertEquals(0, Pools.inUse(POOL), "R14: one logical connection per thread, no physical one held");
        }
    }

    @Test
    void r10ThreadBoundDefaultsOfPooledThreadsDoNotOutliveTheirClient() throws Exception {
        ImapClient client = client(AllocationMode.USE_DEFAULT);
        List<Future<String>> tasks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            tasks.add(executor.submit(() -> {
                String first = client.currentConnection().id();
                client.noop();
                assertEquals(first, client.currentConnection().id(), "same thread, same default connection");
                return first;
            }));
        }
        Set<String> ids = ConcurrentHashMap.newKeySet();
        for (Future<String> task : tasks) {
            ids.add(task.get(30, TimeUnit.SECONDS));
        }
        assertFalse(ids.isEmpty());
        assertEquals(0, Pools.inUse(POOL), "R14: the pooled threads' defaults hold no physical connection");
        client.close();
        assertThrows(IllegalStateException.class, client::currentConnection, "closed with its client");
    }

    @Test
    void r11OperationsOnOneConnectionAreAtomic() throws Exception {
        try (ImapClient client = client(AllocationMode.USE_MAIN)) {
            for (int i = 0; i < 5; i++) {
                client.appendMessage("INBOX", Mail.message(mailbox, "in inbox", "more"));
            }
            client.selectFolder("INBOX");
            List<String> inbox = subjects(client.listMessages());
            List<String> archive = List.of("in archive");
            List<Future<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                boolean selector = t % 2 == 0;
                tasks.add(executor.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        if (selector) {
                            client.selectFolder(i % 2 == 0 ? "Archive" : "INBOX");
                        } else {
                            List<String> listed = subjects(client.listMessages());
                            assertTrue(listed.equals(inbox) || listed.equals(archive),
                                    "a listing mixed two folders or was cut short: " + listed);
                        }
                    }
                    return 25;
                }));
            }
            for (Future<Integer> task : tasks) {
                assertEquals(25, task.get(60, TimeUnit.SECONDS));
            }
            assertEquals(0, Pools.inUse(POOL), "R14: all of it ran on the one main connection, holding none now");
            assertFalse(client.currentConnection().isClosed());
        }
    }
}
