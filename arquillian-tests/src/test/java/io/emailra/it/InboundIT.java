package io.emailra.it;

import io.emailra.api.AllocationMode;
import io.emailra.api.FolderInfo;
import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.api.SearchQuery;
import io.emailra.api.inbound.ReceivedMail;
import io.emailra.it.inbound.MdbDescriptors;
import io.emailra.it.inbound.RecordingMailListener;
import io.emailra.it.inbound.SecondRecordingMailListener;
import io.emailra.it.support.EmailraMBeans;
import io.emailra.it.support.TestServers;
import io.emailra.testsupport.Await;
import io.emailra.testsupport.MailServers;
import jakarta.annotation.Resource;
import jakarta.mail.MessagingException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Inbound delivery in Payara to real message-driven beans, from a folder of carol's on the real
 * Dovecot (STARTTLS). Two beans watch the same folder, as the instances of a cluster would: each
 * message is delivered once, to one of them, and then moved to the handled folder, also when
 * Dovecot restarts while mail arrives; a message whose delivery rolled back is delivered again; a
 * message the bean refuses is delivered again, then moved to the poison folder after the last attempt.
 */
@ExtendWith(ArquillianExtension.class)
class InboundIT {

    private static final String FOLDER = "emailra-inbound-it";
    private static final String HANDLED = FOLDER + "-handled";
    private static final String POISON = FOLDER + "-poison";
    /** Two beans on the same folder: two activations, as two instances of a cluster would have. */
    private static final String[] BEANS = {"RecordingMailListener", "SecondRecordingMailListener"};

    @Deployment
    static WebArchive app() {
        return Deployments.testApp("inbound", InboundIT.class, RecordingMailListener.class, SecondRecordingMailListener.class,
                        MdbDescriptors.class)
                .addAsWebInfResource(new StringAsset(ejbJar()), "ejb-jar.xml")
                .addAsWebInfResource(new StringAsset(MdbDescriptors.glassfishEjbJar(BEANS)), "glassfish-ejb-jar.xml");
    }

    /** The beans' activation config: carol's folder, moved to HANDLED when handled, two attempts, then POISON. */
    private static String ejbJar() {
        MailServers servers = MailServers.load();
        Map<String, String> config = Map.of("host", servers.host(), "port", String.valueOf(servers.port("imap")),
                "trustStore", servers.trustStore(), "trustStorePassword", servers.trustStorePassword(),
                "userName", TestServers.DOVECOT_LIMITS_USER, "password", MailServers.password(TestServers.DOVECOT_LIMITS_USER),
                "folder", FOLDER, "afterDelivery", "MOVE:" + HANDLED, "maxDeliveryAttempts", "2", "poisonFolder", POISON);
        return MdbDescriptors.ejbJar(config, BEANS);
    }

    @Resource(lookup = TestServers.DOVECOT_LIMITS_JNDI)
    ImapClientFactory imap;

    /** The watched folders exist (the activation creates its claim and poison folders, not the one it watches). */
    @BeforeEach
    void folders() {
        try (ImapClient client = imap.getClient(AllocationMode.USE_MAIN)) {
            List<String> existing = client.listFolders().stream().map(FolderInfo::fullName).toList();
            for (String folder : List.of(FOLDER, HANDLED)) {
                if (!existing.contains(folder)) {
                    client.createFolder(folder);
                }
            }
        }
    }

    private List<ReceivedMail> received(String subjectPrefix) {
        return RecordingMailListener.RECEIVED.stream().filter(mail -> subject(mail).startsWith(subjectPrefix)).toList();
    }

    private static String subject(ReceivedMail mail) {
        try {
            return mail.message().getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private int count(String folder, String subjectPrefix) {
        try (ImapClient client = imap.getClient(AllocationMode.USE_MAIN)) {
            client.examineFolder(folder);
            return client.searchUids(SearchQuery.subject(subjectPrefix)).size();
        }
    }

    @Test
    void eachMessageIsDeliveredOnceAndThenMovedToTheHandledFolder() {
        String run = "in " + UUID.randomUUID() + " #";
        append(run, 0, 20);
        List<ReceivedMail> all = Await.until("20 messages delivered", Duration.ofSeconds(60),
                () -> Optional.of(received(run)).filter(list -> list.size() >= 20));
        assertEquals(IntStream.range(0, 20).mapToObj(i -> run + i).sorted().toList(),
                all.stream().map(InboundIT::subject).sorted().toList(), "each message once");
        assertTrue(all.stream().allMatch(mail -> mail.attempt() == 1 && mail.folder().equals(FOLDER)
                && mail.messageId() != null), all.toString());
        Await.until("the 20 messages in " + HANDLED, Duration.ofSeconds(30),
                () -> count(HANDLED, run) == 20 ? Optional.of(true) : Optional.empty());
        assertEquals(0, count(FOLDER, run), "none left in the watched folder");
    }

    @Test
    void nothingIsMissedOrDeliveredTwiceWhenDovecotRestartsWhileMailArrives() {
        String run = "restart " + UUID.randomUUID() + " #";
        long reconnects = EmailraMBeans.sum("InboundReconnects");
        append(run, 0, 10);
        MailServers servers = MailServers.load();
        servers.stop("dovecot"); // the activations lose their connections, pause, and look again after reconnecting
        servers.startAll();
        append(run, 10, 20);
        List<ReceivedMail> all = Await.until("20 messages delivered across the restart", Duration.ofSeconds(120),
                () -> Optional.of(received(run)).filter(list -> list.size() >= 20));
        assertEquals(IntStream.range(0, 20).mapToObj(i -> run + i).sorted().toList(),
                all.stream().map(InboundIT::subject).sorted().toList(), "each message once");
        assertTrue(EmailraMBeans.sum("InboundReconnects") > reconnects, "the reconnects are counted in JMX");
    }

    private void append(String prefix, int from, int to) {
        try (ImapClient client = imap.getClient(AllocationMode.USE_MAIN)) {
            for (int i = from; i < to; i++) {
                client.appendMessage(FOLDER, Mail.message(TestServers.DOVECOT_LIMITS_USER, prefix + i, "body " + i));
            }
        }
    }

    /** Delivery is transacted: a rolled-back transaction (no exception) leaves the message for another delivery. */
    @Test
    void aRolledBackTransactionLeavesTheMessageToBeDeliveredAgain() {
        String subject = "rollback " + UUID.randomUUID();
        append(subject, 0, 1);
        Await.until("'" + subject + "0' in " + HANDLED, Duration.ofSeconds(60),
                () -> count(HANDLED, subject) == 1 ? Optional.of(true) : Optional.empty());
        assertEquals(List.of(1, 2), received(subject).stream().map(ReceivedMail::attempt).toList(),
                "rolled back once, handled at the second delivery");
    }

    @Test
    void aMessageTheBeanRefusesIsDeliveredAgainThenMovedToThePoisonFolder() {
        String subject = "fail " + UUID.randomUUID();
        long poisoned = EmailraMBeans.sum("InboundPoisoned");
        long redeliveries = EmailraMBeans.sum("InboundRedeliveries");
        try (ImapClient client = imap.getClient(AllocationMode.USE_MAIN)) {
            client.appendMessage(FOLDER, Mail.message(TestServers.DOVECOT_LIMITS_USER,
                    subject, "refused"));
        }
        Await.until("'" + subject + "' in " + POISON, Duration.ofSeconds(60),
                () -> count(POISON, subject) == 1 ? Optional.of(true) : Optional.empty());
        assertEquals(List.of(1, 2), received(subject).stream().map(ReceivedMail::attempt).toList(),
                "two attempts (maxDeliveryAttempts), then poisoned");
        assertEquals(0, count(FOLDER, subject));
        // Counted once the MOVE's reply is back, which may be a moment after the message shows in the folder.
        Await.until("the poisoned message counted in JMX", Duration.ofSeconds(10),
                () -> EmailraMBeans.sum("InboundPoisoned") > poisoned ? Optional.of(true) : Optional.empty());
        assertEquals(poisoned + 1, EmailraMBeans.sum("InboundPoisoned"), "counted once");
        assertEquals(redeliveries + 1, EmailraMBeans.sum("InboundRedeliveries"), "the second attempt is a redelivery");
    }
}
