package io.emailra.it;

import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.api.Pop3Client;
import io.emailra.api.Pop3ClientFactory;
import io.emailra.api.SmtpClient;
import io.emailra.api.SmtpClientFactory;
import io.emailra.it.support.Pools;
import io.emailra.it.support.TestServers;
import jakarta.annotation.Resource;
import jakarta.mail.Session;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mail sent through the SMTP factory is read back through the IMAP and POP3 factories, all three
 * injected with {@code @Resource} from pools an operator created with asadmin (ra.xml defaults for
 * everything but the server and the account) — and the protocols run on the Angus inside the RAR.
 */
@ExtendWith(ArquillianExtension.class)
class MailRoundTripIT {

    @Deployment
    static WebArchive app() {
        return Deployments.testApp("roundtrip", MailRoundTripIT.class);
    }

    @Resource(lookup = TestServers.SMTP_JNDI)
    SmtpClientFactory smtp;

    @Resource(lookup = TestServers.IMAP_JNDI)
    ImapClientFactory imap;

    @Resource(lookup = TestServers.POP3_JNDI)
    Pop3ClientFactory pop3;

    @AfterEach
    void noConnectionLeaked() {
        assertEquals(0, Pools.inUse(TestServers.IMAP_POOL) + Pools.inUse(TestServers.POP3_POOL)
                + Pools.inUse(TestServers.SMTP_POOL));
    }

    @Test
    void sentMailIsReadBackThroughImapAndPop3() throws Exception {
        String mailbox = TestServers.newMailbox();
        try (SmtpClient sender = smtp.getClient()) {
            sender.send(Mail.message(mailbox, "round trip", "hello from the container"));
        }
        try (ImapClient reader = imap.getClient(mailbox, mailbox)) {
            reader.selectFolder("INBOX");
            assertEquals(List.of("round trip"), Mail.subjects(reader.listMessages()));
            long uid = reader.listMessages().get(0).uid();
            assertEquals("hello from the container", String.valueOf(reader.fetchMessage(uid).getContent()).strip());
        }
        try (Pop3Client reader = pop3.getClient(mailbox, mailbox)) {
            assertEquals(1, reader.messageCount());
            assertEquals("round trip", reader.listMessages().get(0).subject());
        }
    }

    @Test
    void raXmlDefaultsApplyWhereThePoolSetsNothing() {
        try (ImapClient client = imap.getClient()) {
            assertEquals(io.emailra.api.AllocationMode.USE_MAIN_OR_DEFAULT, client.allocationMode());
            client.noop();
        }
    }

    @Test
    void protocolsRunOnTheAngusInsideTheRarWithTheServersMailApi() throws Exception {
        ClassLoader rarLoader = smtp.getClass().getClassLoader();
        Class<?> transport = Class.forName("org.eclipse.angus.mail.smtp.SMTPTransport", false, rarLoader);
        String angusJar = transport.getProtectionDomain().getCodeSource().getLocation().toString();
        assertTrue(angusJar.contains("emailra") && angusJar.contains("angus-mail-2.0"), angusJar);
        String mailApi = Session.class.getProtectionDomain().getCodeSource().getLocation().toString();
        assertTrue(mailApi.contains("payara-embedded-all"), "the applications' Jakarta Mail is the server's: " + mailApi);
    }
}
