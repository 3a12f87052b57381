package io.emailra.it;

import io.emailra.api.AllocationMode;
import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.api.SmtpClient;
import io.emailra.api.SmtpClientFactory;
import io.emailra.it.support.TestServers;
import jakarta.annotation.Resource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static io.emailra.it.Mail.subjects;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A connection factory defined in the application's {@code payara-resources.xml}. */
@ExtendWith(ArquillianExtension.class)
class PayaraResourcesIT {

    @Deployment
    static WebArchive app() {
        return Deployments.testApp("payara-resources", PayaraResourcesIT.class)
                .addAsWebInfResource("definitions/payara-resources.xml", "payara-resources.xml");
    }

    @Resource(lookup = "java:app/mail/smtp-payara")
    SmtpClientFactory payaraResources;

    @Resource(lookup = TestServers.IMAP_JNDI)
    ImapClientFactory imap;

    @Test
    void definedInPayaraResourcesXml() {
        String mailbox = TestServers.newMailbox();
        try (SmtpClient sender = payaraResources.getClient()) {
            assertEquals(AllocationMode.USE_DEFAULT, sender.allocationMode(), "payara-resources.xml says UseDefault");
            sender.send(Mail.message(mailbox, "via payara-resources.xml", "p"));
        }
        try (ImapClient reader = imap.getClient(mailbox, mailbox)) {
            reader.selectFolder("INBOX");
            assertEquals(List.of("via payara-resources.xml"), subjects(reader.listMessages()));
        }
    }
}
