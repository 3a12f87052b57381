package io.emailra.it;

import io.emailra.api.AllocationMode;
import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.api.SmtpClient;
import io.emailra.api.SmtpClientFactory;
import io.emailra.it.support.TestServers;
import jakarta.annotation.Resource;
import jakarta.resource.ConnectionFactoryDefinition;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static io.emailra.it.Mail.subjects;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The connection factory defined each way an application does it: {@code @ConnectionFactoryDefinition},
 * {@code glassfish-resources.xml} ({@code payara-resources.xml} is {@link PayaraResourcesIT}, the
 * asadmin way with ra.xml defaults {@link MailRoundTripIT}). Each carries its own allocation mode, spelled differently.
 */
@ExtendWith(ArquillianExtension.class)
@ConnectionFactoryDefinition(name = "java:app/mail/imap-annotated", resourceAdapter = "emailra",
        interfaceName = "io.emailra.api.ImapClientFactory", maxPoolSize = 8,
        properties = {"host=127.0.0.1", "port=3143", "transportSecurity=NONE", "allocationMode=use_default",
                "userName=" + TestServers.POOL_USER, "password=" + TestServers.POOL_PASSWORD})
class ConnectionFactoryDefinitionsIT {

    @Deployment
    static WebArchive app() {
        return Deployments.testApp("definitions", ConnectionFactoryDefinitionsIT.class)
                .addAsWebInfResource("definitions/glassfish-resources.xml", "glassfish-resources.xml");
    }

    @Resource(lookup = "java:app/mail/imap-annotated")
    ImapClientFactory annotated;

    @Resource(lookup = "java:app/mail/imap-glassfish")
    ImapClientFactory glassfishResources;

    @Resource(lookup = TestServers.SMTP_JNDI)
    SmtpClientFactory smtp;

    @Test
    void eachDefinitionWorksWithItsOwnMode() throws Exception {
        String mailbox = TestServers.newMailbox();
        try (SmtpClient sender = smtp.getClient()) {
            sender.send(Mail.message(mailbox, "for glassfish-resources.xml", "g"));
        }
        try (ImapClient reader = glassfishResources.getClient(mailbox, mailbox)) {
            assertEquals(AllocationMode.USE_MAIN, reader.allocationMode(), "glassfish-resources.xml: USE_MAIN");
            reader.selectFolder("INBOX");
            assertEquals(List.of("for glassfish-resources.xml"), subjects(reader.listMessages()));
        }
        try (ImapClient reader = annotated.getClient()) {
            assertEquals(AllocationMode.USE_DEFAULT, reader.allocationMode(), "@ConnectionFactoryDefinition: use_default");
            reader.noop();
        }
    }
}
