package io.emailra.it;

import io.emailra.api.AllocationMode;
import io.emailra.api.EmailConnection;
import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.it.TransactionalMailbox.Seen;
import io.emailra.it.support.Pools;
import io.emailra.it.support.TestServers;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

/**
 * R9 with real container-managed JTA transactions: a default connection belongs to the transaction
 * it was created in and goes back to Payara's pool when the transaction completes, commit or
 * rollback; the next transaction on the same pooled thread gets a fresh one.
 */
@ExtendWith(ArquillianExtension.class)
class TransactionBoundDefaultIT {

    private static final String POOL = TestServers.IMAP_POOL;

    @Deployment
    static WebArchive app() {
        return Deployments.testApp("transactions", TransactionBoundDefaultIT.class, TransactionalMailbox.class,
                TransactionalMailbox.Seen.class);
    }

    @Resource(lookup = TestServers.IMAP_JNDI)
    ImapClientFactory imap;

    @EJB
    TransactionalMailbox transactions;

    private String mailbox;

    @BeforeEach
    void newMailbox() {
        mailbox = TestServers.newMailbox();
    }

    @AfterEach
    void noConnectionInUse() {
        assertEquals(0, Pools.inUse(POOL));
    }

    @Test
    void twoTransactionsOnOnePooledThreadGetDifferentDefaultsEachReleasedOnCommit() {
        try (ImapClient client = imap.getClient(AllocationMode.USE_DEFAULT, mailbox, mailbox)) {
            Seen first = transactions.useDefault(client);
            assertEquals(0, Pools.inUse(POOL), "released when the first transaction committed");
            Seen second = transactions.useDefault(client);
            assertEquals(0, Pools.inUse(POOL), "released when the second transaction committed");
            assertEquals(first.thread(), second.thread(), "both ran on the same pooled thread");
            assertNotEquals(first.connectionId(), second.connectionId());
            assertEquals(0, first.inUseDuring(), "R14: none held between operations");
            assertEquals(0, second.inUseDuring(), "R14: none held between operations");
        }
    }

    @Test
    void aFactorySerializedAndReadBackInTheContainerStillBindsDefaultsToTransactions() throws Exception {
        ImapClientFactory copy = serializedAndReadBack(imap);
        assertNotSame(imap, copy, "the test must run on the copy");
        try (ImapClient client = copy.getClient(AllocationMode.USE_DEFAULT, mailbox, mailbox)) {
            Seen first = transactions.useDefault(client);
            assertEquals(0, Pools.inUse(POOL), "released when the first transaction committed");
            Seen second = transactions.useDefault(client);
            assertEquals(0, Pools.inUse(POOL), "released when the second transaction committed");
            assertEquals(first.thread(), second.thread(), "both ran on the same pooled thread");
            assertNotEquals(first.connectionId(), second.connectionId(),
                    "the copy bound the default to the thread, not to the transaction");
            assertEquals(0, first.inUseDuring(), "R14: none held between operations");
            assertEquals(0, second.inUseDuring(), "R14: none held between operations");
        }
    }

    /** Written and read again as a remote client or a passivated bean would; classes come from the application. */
    @SuppressWarnings("unchecked")
    private static <T> T serializedAndReadBack(T object) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass description) throws IOException, ClassNotFoundException {
                try {
                    return Class.forName(description.getName(), false, loader);
                } catch (ClassNotFoundException e) {
                    return super.resolveClass(description);
                }
            }
        }) {
            return (T) in.readObject();
        }
    }

    @Test
    void rollbackReleasesTheTransactionsDefaultToo() {
        try (ImapClient client = imap.getClient(AllocationMode.USE_DEFAULT, mailbox, mailbox)) {
            Seen rolledBack = transactions.useDefaultAndRollBack(client);
            assertEquals(0, rolledBack.inUseDuring());
            assertEquals(0, Pools.inUse(POOL));
        }
    }

    @Test
    void anExplicitDefaultInsideATransactionBelongsToItAndNotToTheThread() {
        try (ImapClient client = imap.getClient(AllocationMode.USE_MAIN_OR_DEFAULT, mailbox, mailbox)) {
            EmailConnection main = client.currentConnection();
            Seen inTransaction = transactions.createDefault(client);
            assertEquals(0, inTransaction.inUseDuring(), "R14: main and the transaction's default hold none between operations");
            assertEquals(0, Pools.inUse(POOL));
            assertEquals(main, client.currentConnection(), "the thread has no default of its own");
            assertNotEquals(main.id(), transactions.createDefault(client).connectionId(),
                    "a new transaction may create its own again");
        }
    }

    @Test
    void withoutATransactionTheDefaultStaysWithTheThreadUntilClosed() {
        try (ImapClient client = imap.getClient(AllocationMode.USE_DEFAULT, mailbox, mailbox)) {
            String outside = client.currentConnection().id();
            assertEquals(outside, client.currentConnection().id());
            Seen inTransaction = transactions.useDefault(client);
            assertNotEquals(outside, inTransaction.connectionId(), "the transaction does not borrow the thread's");
            assertEquals(0, inTransaction.inUseDuring());
            assertEquals(0, Pools.inUse(POOL));
            assertEquals(outside, client.currentConnection().id());
        }
    }
}
