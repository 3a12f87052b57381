package io.emailra.it;

import io.emailra.api.AllocationMode;
import io.emailra.api.EmailConnectionException;
import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.api.Pop3Client;
import io.emailra.api.Pop3ClientFactory;
import io.emailra.api.SmtpClient;
import io.emailra.api.SmtpClientFactory;
import io.emailra.it.support.Pools;
import io.emailra.it.support.TestServers;
import io.emailra.testsupport.MailServers;
import io.emailra.testsupport.TcpProxy;
import jakarta.annotation.Resource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One test per fault inside the container, through Payara's pool to the real Dovecot behind a
 * {@link TcpProxy} (a cut of every connection is {@link PoolingAndFailureIT}): the failing operation
 * reports {@link EmailConnectionException}, the next one works, and the pool ends with nothing in use.
 */
@ExtendWith(ArquillianExtension.class)
class FaultsIT {

    private static final String POOL = TestServers.PROXIED_DOVECOT_POOL;
    private static TcpProxy proxy;

    @Deployment
    static WebArchive app() {
        return Deployments.testApp("faults", FaultsIT.class);
    }

    @Resource(lookup = TestServers.PROXIED_DOVECOT_JNDI)
    ImapClientFactory imap;

    @Resource(lookup = TestServers.POSTFIX_SMTP_JNDI)
    SmtpClientFactory smtp;

    @Resource(lookup = TestServers.POP3_JNDI)
    Pop3ClientFactory pop3;

    @BeforeEach
    void proxyInFrontOfDovecot() throws IOException {
        synchronized (FaultsIT.class) {
            if (proxy == null) {
                proxy = new TcpProxy(TestServers.PROXIED_DOVECOT_PORT, MailServers.load().port("imap"));
            }
        }
    }

    @AfterEach
    void healedAndNothingInUse() throws IOException {
        proxy.stall(false);
        proxy.refuseNewConnections(false);
        MailServers.load().startAll();
        assertEquals(0, Pools.inUse(POOL));
    }

    @Test
    void aResponseCutInTheMiddle() throws Exception {
        String body = "A".repeat(100_000) + " MIDDLE-OF-THE-BODY " + "B".repeat(100_000);
        try (ImapClient client = imap.getClient(AllocationMode.USE_MAIN)) {
            long uid = client.appendMessage("INBOX", Mail.message("bob@emailra.test", "big " + UUID.randomUUID(), body))
                    .getAsLong();
            client.selectFolder("INBOX");
            proxy.cutAtResponseContaining("MIDDLE-OF-THE-BODY");
            assertThrows(EmailConnectionException.class, () -> client.fetchMessage(uid));
            client.selectFolder("INBOX");
            assertEquals(body, String.valueOf(client.fetchMessage(uid).getContent()).strip());
            client.deleteMessage(uid);
            client.commitDeletes();
        }
    }

    @Test
    void aStalledServer() {
        try (ImapClient client = imap.getClient(AllocationMode.USE_MAIN)) {
            client.selectFolder("INBOX");
            proxy.stall(true);
            EmailConnectionException stalled = assertThrows(EmailConnectionException.class, client::noop);
            assertTrue(stalled.getMessage().toLowerCase().contains("timed out"), stalled.getMessage());
            proxy.stall(false);
            client.noop();
        }
    }

    @Test
    void refusedNewConnections() throws IOException {
        try (ImapClient client = imap.getClient(AllocationMode.USE_MAIN)) {
            client.noop();
            proxy.refuseNewConnections(true);
            proxy.cutAll(); // the pooled connections die: the next operation needs a new one
            EmailConnectionException refused = assertThrows(EmailConnectionException.class, client::noop);
            assertTrue(refused.getMessage().contains("Connection refused"), refused.getMessage());
            proxy.refuseNewConnections(false);
            client.noop();
        }
    }

    @Test
    void dovecotStoppedAndStartedAgain() {
        try (ImapClient client = imap.getClient(AllocationMode.USE_MAIN)) {
            client.selectFolder("INBOX");
            MailServers.load().stop("dovecot");
            assertThrows(EmailConnectionException.class, client::noop);
            MailServers.load().startAll();
            client.selectFolder("INBOX");
            client.noop();
        }
    }

    @Test
    void postfixStoppedAndStartedAgain() {
        try (SmtpClient client = smtp.getClient(AllocationMode.USE_MAIN)) {
            client.noop();
            MailServers.load().stop("postfix");
            assertThrows(EmailConnectionException.class,
                    () -> client.send(Mail.message("bob@emailra.test", "while postfix is down", "x")));
            MailServers.load().startAll();
            client.send(Mail.message("bob@emailra.test", "after postfix restarted", "x"));
        }
        assertEquals(0, Pools.inUse(TestServers.POSTFIX_SMTP_POOL));
    }

    /**
     * POP3 clients in a session keep their physical connections (R15), so sixteen of them hold all of
     * the POP3 pool's; an IMAP or SMTP client holds one only while an operation runs (R14).
     */
    @Test
    void anExhaustedPoolFailsAfterTheWaitNamingServerWaitAndSize() {
        List<Pop3Client> holders = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                Pop3Client holder = pop3.getClient(AllocationMode.USE_MAIN);
                holders.add(holder);
                holder.messageCount();
            }
            assertEquals(16, Pools.inUse(TestServers.POP3_POOL));
            EmailConnectionException exhausted = assertThrows(EmailConnectionException.class,
                    () -> pop3.getClient().messageCount());
            String message = exhausted.getMessage();
            assertTrue(message.contains("pop3://127.0.0.1:" + TestServers.POP3_PORT)
                    && message.contains("after waiting") && message.contains("16 physical connections"), message);
            holders.forEach(Pop3Client::noop);
        } finally {
            holders.forEach(Pop3Client::close);
        }
        assertEquals(0, Pools.inUse(TestServers.POP3_POOL));
    }
}
