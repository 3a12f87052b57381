package io.emailra.ra;

import io.emailra.api.AllocationMode;
import io.emailra.api.EmailProtocolException;
import io.emailra.api.EmailSendException;
import io.emailra.api.Envelope;
import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.api.RecipientResult;
import io.emailra.api.SearchQuery;
import io.emailra.api.SendResult;
import io.emailra.api.SmtpClient;
import io.emailra.api.SmtpClientFactory;
import io.emailra.ra.pool.NonManagedConnectionManager;
import io.emailra.testsupport.Await;
import io.emailra.testsupport.MailServers;
import io.emailra.testsupport.TcpProxy;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.emailra.ra.MailServerExtension.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the real Postfix answered, per recipient, and in codes a program can act on: one refused
 * recipient among five does not stop the other four; an explicit envelope decides who gets the
 * message whatever its headers say; refusals carry the SMTP reply and enhanced status codes, and an
 * IMAP refusal its response code.
 */
class SmtpOutcomesIT {

    @RegisterExtension
    static final MailServerExtension POOLS = new MailServerExtension();
    private static final MailServers SERVERS = MailServers.load();

    private final List<String> users = SERVERS.users();
    private final String alice = users.get(0);
    private final String unknown = "nobody-" + UUID.randomUUID().toString().substring(0, 8) + "@emailra.test";
    private final List<NonManagedConnectionManager> pools = new ArrayList<>();

    @AfterEach
    void nothingLeftInUse() {
        pools.forEach(pool -> assertEquals(0, pool.activeCount(), "connections left in use"));
    }

    private <F> F factory(MailManagedConnectionFactory<?> managed) {
        NonManagedConnectionManager pool = POOLS.pool(managed, 1);
        pools.add(pool);
        return POOLS.clientFactory(managed, pool);
    }

    private SmtpClientFactory smtp() {
        return factory(RealServerFactories.configure(SERVERS, new SmtpManagedConnectionFactory(), "submission", "STARTTLS", alice));
    }

    private boolean received(String user, String subject) {
        ImapClientFactory imap = factory(RealServerFactories.configure(SERVERS, new ImapManagedConnectionFactory(),
                "imap", "STARTTLS", user));
        return Await.until(subject + " in " + user + "'s INBOX or not", Duration.ofSeconds(30), () -> {
            try (ImapClient reader = imap.getClient(AllocationMode.USE_MAIN)) {
                reader.selectFolder("INBOX");
                return reader.searchUids(SearchQuery.subject(subject)).isEmpty() ? Optional.empty() : Optional.of(true);
            }
        });
    }

    @Test
    void oneRefusedRecipientAmongFiveDoesNotStopTheOtherFourAndSaysWhy() throws Exception {
        String subject = "to five " + UUID.randomUUID();
        MimeMessage message = message(alice, users.get(1), subject, "one of you does not exist");
        message.addRecipients(MimeMessage.RecipientType.TO, alice + ", " + unknown + ", " + users.get(2));
        message.addRecipients(MimeMessage.RecipientType.CC, users.get(3));
        try (SmtpClient client = smtp().getClient()) {
            EmailSendException partly = assertThrows(EmailSendException.class, () -> client.send(message));
            SendResult result = partly.results().get(0);
            assertNotNull(result.messageId(), "sent to the four others");
            assertFalse(result.sent());
            assertEquals(5, result.recipients().size());
            assertEquals(4, result.recipients().stream().filter(RecipientResult::accepted).count());
            RecipientResult refused = result.refused().get(0);
            assertEquals(unknown, refused.address());
            assertEquals(550, refused.replyCode());
            assertTrue(refused.reply().contains("5.1.1"), refused.reply());
            EmailProtocolException why = (EmailProtocolException) result.failure();
            assertEquals(550, why.replyCode());
            assertEquals("5.1.1", why.enhancedStatusCode());
            assertFalse(why.isTransient(), "a 5xx: retrying will not help");
            assertTrue(why.getMessage().contains(unknown), why.getMessage());
            assertTrue(result.recipients().stream().filter(RecipientResult::accepted).allMatch(r -> r.replyCode() == 250),
                    result.recipients().toString());
            client.noop(); // the connection goes on
        }
        assertTrue(received(users.get(3), subject), "the Cc recipient got it");
    }

    @Test
    void anExplicitEnvelopeDecidesWhoGetsTheMessageWhateverItsHeadersSay() throws Exception {
        String subject = "enveloped " + UUID.randomUUID();
        MimeMessage message = message(alice, "list@example.com", subject, "fan-out");
        try (SmtpClient client = smtp().getClient()) {
            SendResult result = client.send(message, Envelope.to(users.get(1)).withSender(alice)
                    .withNotify(Envelope.Notify.FAILURE, Envelope.Notify.DELAY).withReturn(Envelope.DsnReturn.HEADERS));
            assertTrue(result.sent(), String.valueOf(result.failure()));
            assertEquals(List.of(users.get(1)), result.recipients().stream().map(RecipientResult::address).toList());
            assertEquals(message.getMessageID(), result.messageId());

            EmailSendException nobody = assertThrows(EmailSendException.class,
                    () -> client.send(message(alice, alice, "never", "x"), Envelope.to(unknown)));
            assertNull(nobody.results().get(0).messageId(), "nothing was sent");
            assertEquals(550, ((EmailProtocolException) nobody.results().get(0).failure()).replyCode());
            client.noop();
        }
        assertTrue(received(users.get(1), subject), "the envelope's recipient got it, not the header's");
        assertThrows(IllegalArgumentException.class, () -> Envelope.to());
        assertThrows(IllegalArgumentException.class, () -> Envelope.to("not an address"));
        assertThrows(IllegalArgumentException.class, () -> Envelope.to("a@example.com\r\nRCPT TO:<b@example.com>"));
        assertThrows(IllegalArgumentException.class, () -> Envelope.to(alice).withNotify(Envelope.Notify.NEVER,
                Envelope.Notify.SUCCESS));
    }

    /** Sending writes a copy: the application's message keeps its headers and parts, and learns its Message-ID. */
    @Test
    void sendingLeavesTheApplicationsMessageAsItWasButForItsMessageId() throws Exception {
        String subject = "untouched " + UUID.randomUUID();
        MimeMessage message = new MimeMessage((jakarta.mail.Session) null);
        message.setFrom(new jakarta.mail.internet.InternetAddress(alice));
        message.setRecipients(MimeMessage.RecipientType.TO, alice);
        message.setSubject(subject);
        jakarta.mail.internet.MimeBodyPart text = new jakarta.mail.internet.MimeBodyPart();
        text.setText("see attached");
        jakarta.mail.internet.MimeBodyPart file = new jakarta.mail.internet.MimeBodyPart();
        file.setDataHandler(new jakarta.activation.DataHandler(
                new jakarta.mail.util.ByteArrayDataSource(new byte[]{1, 2, 3}, "application/octet-stream")));
        file.setFileName("three.bin");
        message.setContent(new jakarta.mail.internet.MimeMultipart(text, file));
        try (SmtpClient client = smtp().getClient()) {
            String id = client.send(message);
            assertEquals(id, message.getMessageID(), "the Message-ID it was sent with is reported");
            assertNull(message.getHeader("MIME-Version"), "no saveChanges() on the application's message");
            assertNull(file.getHeader("Content-Transfer-Encoding"), "nor on its parts");

            MimeMessage own = message(alice, alice, subject + " own id", "x");
            own.setHeader("Message-ID", "<order-42@shop.example>");
            assertEquals("<order-42@shop.example>", client.send(own), "a Message-ID the application set is sent as it is");
        }
        assertTrue(received(alice, subject));
    }

    /** What the envelope puts on the wire, read through a proxy in plain text (Postfix's port 10025, NONE). */
    @Test
    void theEnvelopesSenderRecipientsAndDsnRequestsAreWhatTheServerIsSent() throws Exception {
        SmtpManagedConnectionFactory managed = RealServerFactories.configure(SERVERS, new SmtpManagedConnectionFactory(),
                "plainSmtp", "NONE", alice);
        try (TcpProxy proxy = new TcpProxy(12547, SERVERS.port("plainSmtp"))) {
            managed.setPort(proxy.port());
            SmtpClientFactory plain = factory(managed);
            MimeMessage message = message(alice, "list@example.com", "dsn " + UUID.randomUUID(), "x");
            message.setRecipients(MimeMessage.RecipientType.BCC, users.get(3));
            try (SmtpClient client = plain.getClient()) {
                proxy.recordRequests();
                client.send(message, Envelope.to(users.get(1)).withSender("bounces+42@emailra.test")
                        .withNotify(Envelope.Notify.FAILURE, Envelope.Notify.DELAY).withReturn(Envelope.DsnReturn.HEADERS));
            }
            String sent = proxy.requests();
            assertTrue(sent.contains("MAIL FROM:<bounces+42@emailra.test> RET=HDRS"), sent);
            assertTrue(sent.matches("(?s).*RCPT TO:<" + users.get(1) + "> NOTIFY=(FAILURE,DELAY|DELAY,FAILURE).*"), sent);
            assertFalse(sent.contains("RCPT TO:<" + users.get(3) + ">"), "the Bcc header's address is not the envelope's");
            assertFalse(sent.contains("Bcc:"), "the Bcc header is never sent");
        }
    }

    @Test
    void anImapRefusalCarriesItsResponseCode() {
        ImapClientFactory imap = factory(RealServerFactories.configure(SERVERS, new ImapManagedConnectionFactory(),
                "imap", "STARTTLS", alice));
        try (ImapClient client = imap.getClient(AllocationMode.USE_MAIN)) {
            client.selectFolder("INBOX");
            List<Long> uids = client.searchUids(SearchQuery.all());
            if (uids.isEmpty()) {
                client.appendMessage("INBOX", message(alice, alice, "for a copy", "c"));
                uids = client.searchUids(SearchQuery.all());
            }
            List<Long> some = uids.subList(0, 1);
            EmailProtocolException noFolder = assertThrows(EmailProtocolException.class,
                    () -> client.copyMessages(some, "No such folder " + UUID.randomUUID()));
            assertEquals("TRYCREATE", noFolder.responseCode(), noFolder.getMessage());
            assertEquals(-1, noFolder.replyCode());
            assertFalse(noFolder.isTransient());
        }
    }
}
