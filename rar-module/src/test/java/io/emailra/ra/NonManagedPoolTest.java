package io.emailra.ra;

import io.emailra.api.AllocationMode;
import io.emailra.api.EmailAuthenticationException;
import io.emailra.api.EmailConnectionException;
import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.api.MessageInfo;
import io.emailra.api.Pop3Client;
import io.emailra.api.Pop3ClientFactory;
import io.emailra.ra.pool.NonManagedConnectionManager;
import io.emailra.testsupport.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static io.emailra.ra.MailServerExtension.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The non-managed path's pool (R12): reuse by credentials only, bounded waits, clear failures. */
class NonManagedPoolTest {

    @RegisterExtension
    static final MailServerExtension MAIL = new MailServerExtension();

    @Test
    void aReturnedConnectionIsReusedForTheSameCredentialsOnly() {
        String alice = MAIL.newUser();
        String bob = MAIL.newUser();
        ImapManagedConnectionFactory managed = MAIL.configure(new ImapManagedConnectionFactory(), alice);
        NonManagedConnectionManager pool = MAIL.pool(managed, 4);
        ImapClientFactory factory = MAIL.clientFactory(managed, pool);

        for (int i = 0; i < 20; i++) {
            try (ImapClient client = factory.getClient()) {
                assertThrows(IllegalStateException.class, client::listMessages,
                        "a reused connection comes back with no folder selected");
                client.selectFolder("INBOX");
            }
        }
        assertEquals(1, pool.activeCount() + pool.idleCount(), "twenty clients, one physical connection");

        try (ImapClient client = factory.getClient(alice, alice)) {
            client.appendMessage("INBOX", message(alice, alice, "alice's", "a"));
        }
        try (ImapClient client = factory.getClient(bob, bob)) {
            client.selectFolder("INBOX");
            assertEquals(List.of(), client.listMessages(), "bob does not see alice's mailbox");
            assertEquals(2, pool.activeCount() + pool.idleCount(), "bob got his own connection");
        }
        try (ImapClient client = factory.getClient(AllocationMode.USE_MAIN, alice, alice)) {
            client.selectFolder("INBOX");
            assertEquals(List.of("alice's"), client.listMessages().stream().map(MessageInfo::subject).toList());
        }
        assertEquals(0, pool.activeCount());
    }

    @Test
    void aPhysicalConnectionMatchesOnlyAFactoryForTheSameServer() throws Exception {
        String user = MAIL.newUser();
        ImapManagedConnectionFactory here = MAIL.configure(new ImapManagedConnectionFactory(), user);
        ImapManagedConnectionFactory elsewhere = MAIL.configure(new ImapManagedConnectionFactory(), user);
        elsewhere.setHost("localhost");
        jakarta.resource.spi.ManagedConnection connection = here.createManagedConnection(null, null);
        try {
            assertEquals(connection, here.matchManagedConnections(java.util.Set.of(connection), null, null));
            assertEquals(null, elsewhere.matchManagedConnections(java.util.Set.of(connection), null, null),
                    "same credentials, other server: not reused");
        } finally {
            connection.destroy();
        }
    }

    /**
     * A POP3 client in a session keeps its physical connection (R15), so it can hold a pool's only one
     * between operations; IMAP and SMTP clients hold none then (R14).
     */
    private static Pop3Client holdingThePoolsOnlyConnection(Pop3ClientFactory factory) {
        Pop3Client holder = factory.getClient(AllocationMode.USE_MAIN);
        holder.messageCount();
        return holder;
    }

    @Test
    void anExhaustedPoolFailsAfterItsWaitNamingTheServerSizeAndWait() {
        String user = MAIL.newUser();
        Pop3ManagedConnectionFactory managed = MAIL.configure(new Pop3ManagedConnectionFactory(), user);
        NonManagedConnectionManager pool = MAIL.pool(managed, 1);
        Pop3ClientFactory factory = MAIL.clientFactory(managed, pool);
        try (Pop3Client holder = holdingThePoolsOnlyConnection(factory)) {
            EmailConnectionException exhausted = assertThrows(EmailConnectionException.class,
                    () -> factory.getClient().messageCount());
            String message = exhausted.getMessage();
            assertTrue(message.contains("2000 ms") && message.contains("all 1 connections"), message);
            assertTrue(message.contains("pop3://127.0.0.1:"), message);
            holder.noop();
        }
        assertEquals(0, pool.activeCount());
    }

    @Test
    void aThreadInterruptedWhileWaitingForAPooledConnectionFailsAndKeepsItsInterruptStatus() throws Exception {
        String user = MAIL.newUser();
        Pop3ManagedConnectionFactory managed = MAIL.configure(new Pop3ManagedConnectionFactory(), user);
        NonManagedConnectionManager pool = MAIL.pool(managed, 1);
        Pop3ClientFactory factory = MAIL.clientFactory(managed, pool);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean interruptedAfterwards = new AtomicBoolean();
        try (Pop3Client holder = holdingThePoolsOnlyConnection(factory)) {
            Thread waiter = new Thread(() -> {
                try (Pop3Client unexpected = factory.getClient(AllocationMode.USE_MAIN)) {
                    unexpected.messageCount();
                    failure.set(new AssertionError("got a connection though the pool's only one is held: " + unexpected));
                } catch (Throwable t) {
                    interruptedAfterwards.set(Thread.currentThread().isInterrupted());
                    failure.set(t);
                }
            }, "emailra-test-pool-waiter");
            waiter.start();
            Await.until("the waiter blocks on the exhausted pool", Duration.ofSeconds(2), () -> {
                Thread.State state = waiter.getState();
                return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING
                        ? Optional.of(state) : Optional.empty();
            });
            waiter.interrupt();
            waiter.join(10_000);
            assertFalse(waiter.isAlive(), "the interrupted waiter did not return in 10 s");

            EmailConnectionException interrupted = assertInstanceOf(EmailConnectionException.class, failure.get());
            assertTrue(interrupted.getMessage().contains("interrupted"), interrupted.getMessage());
            assertTrue(interrupted.getMessage().contains("pop3://127.0.0.1:"), interrupted.getMessage());
            assertTrue(interruptedAfterwards.get(), "the waiter's interrupt status was cleared");
            holder.noop();
            assertEquals(1, pool.activeCount(), "only the holder's connection is in use");
        }
        assertEquals(0, pool.activeCount());
        assertEquals(1, pool.idleCount());
        try (Pop3Client next = factory.getClient(AllocationMode.USE_MAIN)) {
            next.noop();
        }
        assertEquals(0, pool.activeCount());
    }

    @Test
    void aWrongPasswordNamesUserAndServerButNeverThePassword() {
        String user = MAIL.newUser();
        ImapManagedConnectionFactory managed = MAIL.configure(new ImapManagedConnectionFactory(), user);
        NonManagedConnectionManager pool = MAIL.pool(managed, 2);
        ImapClientFactory factory = MAIL.clientFactory(managed, pool);
        EmailAuthenticationException refused = assertThrows(EmailAuthenticationException.class,
                () -> factory.getClient(user, "not-the-password-42").noop());
        assertTrue(refused.getMessage().contains(user) && refused.getMessage().contains("imap://"), refused.getMessage());
        for (Throwable t = refused; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains("not-the-password-42"), t.toString());
        }
        assertEquals(0, pool.activeCount());
    }
}
