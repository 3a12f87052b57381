package io.emailra.it;

import io.emailra.api.AllocationMode;
import io.emailra.api.EmailConnectionException;
import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
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
            proxy.refuseNewConnections(true);
            assertThrows(EmailConnectionException.class, client::createConnection);
            client.noop();
            proxy.refuseNewConnections(false);
            client.createConnection().close();
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

    @Test
    void anExhaustedPoolFailsAfterTheWaitNamingServerWaitAndSize() {
        try (ImapClient first = imap.getClient(AllocationMode.USE_MAIN);
             ImapClient second = imap.getClient(AllocationMode.USE_MAIN)) {
            EmailConnectionException exhausted = assertThrows(EmailConnectionException.class, imap::getClient);
            String message = exhausted.getMessage();
            assertTrue(message.contains("imap://127.0.0.1:" + TestServers.PROXIED_DOVECOT_PORT)
                    && message.contains("after waiting") && message.contains("2 physical connections"), message);
            first.noop();
            second.noop();
        }
    }
}
