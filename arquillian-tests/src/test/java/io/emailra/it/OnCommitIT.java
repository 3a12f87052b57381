package io.emailra.it;

import io.emailra.api.SmtpClient;
import io.emailra.api.SmtpClientFactory;
import io.emailra.it.support.EmailraMBeans;
import io.emailra.it.support.Pools;
import io.emailra.it.support.TestServers;
import io.emailra.testsupport.Await;
import io.emailra.testsupport.LogCapture;
import io.emailra.testsupport.MailServers;
import io.emailra.testsupport.Participant;
import io.emailra.testsupport.PostfixLog;
import jakarta.activation.DataHandler;
import jakarta.activation.DataSource;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.mail.internet.MimeMessage;
import jakarta.transaction.Status;
import jakarta.transaction.UserTransaction;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code deliveryMode=ON_COMMIT} with Payara's transaction manager and the real Postfix: mail leaves
 * if and only if the business transaction commits, once, also when Postfix is down at the commit;
 * a recipient Postfix refuses makes a dead letter, logged once.
 */
@ExtendWith(ArquillianExtension.class)
class OnCommitIT {

    private static final String POOL = TestServers.POSTFIX_ON_COMMIT_POOL;
    private static final String BOB = "bob@emailra.test";
    private static final Duration ARRIVAL = Duration.ofSeconds(60);

    @Deployment
    static WebArchive app() throws ClassNotFoundException {
        return Deployments.testApp("on-commit", OnCommitIT.class, OrderDesk.class, OrderDesk.VetoAtPrepare.class, Participant.class,
                PostfixLog.class, LogCapture.class, Class.forName(LogCapture.class.getName() + "$1"));
    }

    @EJB
    OrderDesk desk;

    @Resource(lookup = TestServers.POSTFIX_ON_COMMIT_JNDI)
    SmtpClientFactory smtp;

    @Resource
    UserTransaction transaction;

    private final PostfixLog postfix = PostfixLog.fromNow(MailServers.load());

    @AfterEach
    void postfixRunningAndNothingInUse() {
        MailServers.load().startAll();
        assertEquals(0, Pools.inUse(POOL));
        assertEquals(0L, EmailraMBeans.sum("PhysicalConnectionsInUse"), "emailra's JMX view agrees");
    }

    @Test
    void aCommittedTransactionsMailIsDeliveredOnce() {
        String messageId = desk.confirm(BOB, subject("committed"));
        awaitDelivered(messageId);
        assertEquals(1, postfix.accepted(messageId), "accepted by Postfix once");
        awaitJournalEmpty();
    }

    @Test
    void aRolledBackTransactionsMailNeverLeaves() {
        String rolledBack = desk.confirmThenRollBack(BOB, subject("rolled back"));
        String committedAfter = desk.confirm(BOB, subject("committed after"));
        awaitDelivered(committedAfter);
        assertFalse(postfix.mentions(rolledBack), "Postfix never saw the rolled back mail");
        assertFalse(inMailbox(BOB, rolledBack), "nor is it in the mailbox");
    }

    @Test
    void aParticipantVotingNoAtPrepareKeepsBothTheRowAndTheMail() throws Exception {
        String subject = subject("vetoed");
        assertThrows(EJBException.class, () -> desk.confirmWithOrderRowFailingAtPrepare(BOB, subject));
        assertEquals(0, desk.orders(subject), "the order row was rolled back");
        String committedAfter = desk.confirm(BOB, subject("committed after the veto"));
        awaitDelivered(committedAfter);
        assertFalse(inMailbox(BOB, subject), "the vetoed transaction's mail never arrived");
    }

    @Test
    void anotherAccountsMailIsRefusedInATransactionForTheCourierWouldSendItAsTheConfiguredOne() {
        String subject = subject("as bob");
        EJBException refused = assertThrows(EJBException.class,
                () -> desk.confirmAs(BOB, MailServers.password(BOB), BOB, subject));
        Throwable cause = refused;
        while (cause.getCause() != null && !(cause instanceof IllegalStateException)) {
            cause = cause.getCause();
        }
        assertTrue(cause instanceof IllegalStateException && cause.getMessage().contains("configured account"),
                String.valueOf(cause));
        String committedAfter = desk.confirm(BOB, subject("committed after the refusal"));
        awaitDelivered(committedAfter);
        assertFalse(inMailbox(BOB, subject), "nothing sent");
    }

    @Test
    void aMessageThatCannotBeWrittenFailsItsSendInTheTransactionAndTheCommitStillSucceeds() throws Exception {
        String subject = subject("unwritable");
        transaction.begin();
        try (SmtpClient client = smtp.getClient()) {
            MimeMessage broken = Mail.message(BOB, subject, "x");
            broken.setDataHandler(new DataHandler(new DataSource() {
                @Override
                public InputStream getInputStream() throws IOException {
                    throw new IOException("the attachment store is gone");
                }

                @Override
                public OutputStream getOutputStream() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public String getContentType() {
                    return "application/octet-stream";
                }

                @Override
                public String getName() {
                    return "broken";
                }
            }));
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> client.send(broken));
            assertTrue(refused.getMessage().contains("cannot be"), refused.getMessage());
            String fine = client.send(Mail.message(BOB, subject("written after the refusal"), "x"));
            transaction.commit();
            awaitDelivered(fine);
        } finally {
            if (transaction.getStatus() != Status.STATUS_NO_TRANSACTION) {
                transaction.rollback();
            }
        }
        assertFalse(inMailbox(BOB, subject), "the unwritable message was never sent");
    }

    @Test
    void outsideATransactionTheMailLeavesAtOnce() {
        try (SmtpClient client = smtp.getClient()) {
            String messageId = client.send(Mail.message(BOB, subject("no transaction"), "x"));
            // Accepted (250) before send returned; Postfix's log line follows through postlogd, a moment later.
            Await.until("Postfix logged " + messageId, ARRIVAL,
                    () -> postfix.accepted(messageId) > 0 ? Optional.of(true) : Optional.empty());
            assertEquals(1, postfix.accepted(messageId), "accepted once");
        }
    }

    @Test
    void postfixDownAtCommitTheTransactionCommitsAndTheMailFollowsWhenItIsBack() throws Exception {
        try (LogCapture log = LogCapture.of("io.emailra.ra.outbox")) {
            transaction.begin();
            String messageId;
            try (SmtpClient client = smtp.getClient()) {
                messageId = client.send(Mail.message(BOB, subject("postfix down"), "x"));
            }
            MailServers.load().stop("postfix");
            transaction.commit();
            Await.until("the courier found Postfix down", ARRIVAL, () -> log.records().stream()
                    .filter(r -> LogCapture.text(r).contains(messageId) && LogCapture.text(r).contains("trying again"))
                    .findFirst());
            assertEquals(0, postfix.accepted(messageId));
            MailServers.load().startAll();
            awaitDelivered(messageId);
            assertEquals(1, postfix.accepted(messageId), "accepted once");
        }
    }

    @Test
    void aRecipientPostfixRefusesIsADeadLetterLoggedOnce() {
        String nobody = "nobody-" + UUID.randomUUID().toString().substring(0, 8) + "@emailra.test";
        try (LogCapture log = LogCapture.of("io.emailra.ra.outbox")) {
            long deadLettersBefore = EmailraMBeans.sum("OutboxDeadLetters");
            String messageId = desk.confirm(nobody, subject("refused"));
            Path letter = Await.until("a dead letter", ARRIVAL, () -> deadLetters().stream()
                    .filter(path -> contains(path, messageId)).findFirst());
            String reason = read(Path.of(letter.toString().replace(".eml", ".txt")));
            assertTrue(reason.contains(nobody) && reason.contains("550"), reason);
            String committedAfter = desk.confirm(BOB, subject("committed after the dead letter"));
            awaitDelivered(committedAfter);
            List<String> warnings = log.records().stream().filter(r -> r.getLevel() == Level.WARNING)
                    .map(LogCapture::text).filter(text -> text.contains(messageId)).toList();
            assertEquals(1, warnings.size(), "logged once: " + warnings);
            assertTrue(warnings.get(0).contains(nobody) && warnings.get(0).contains("550"), warnings.get(0));
            assertEquals(deadLettersBefore + 1, EmailraMBeans.sum("OutboxDeadLetters"), "counted in JMX");
        }
    }

    private static String subject(String what) {
        return "on-commit " + what + " " + UUID.randomUUID();
    }

    private void awaitDelivered(String messageId) {
        Await.until(messageId + " delivered to " + BOB, ARRIVAL,
                () -> postfix.delivered(messageId, BOB) > 0 ? Optional.of(true) : Optional.empty());
    }

    private static void awaitJournalEmpty() {
        Await.until("the journal's committed mail sent", ARRIVAL, () -> {
            try (Stream<Path> left = Files.list(TestServers.onCommitJournal().resolve("committed"))) {
                return left.findAny().isEmpty() ? Optional.of(true) : Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static List<Path> deadLetters() {
        try (Stream<Path> letters = Files.list(TestServers.onCommitJournal().resolve("failed"))) {
            return letters.filter(path -> path.toString().endsWith(".eml")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a message in the user's Maildir holds the text (a Message-ID, a subject). */
    private static boolean inMailbox(String user, String text) {
        return MailServers.load().messagesHolding(user, text) > 0;
    }

    private static boolean contains(Path file, String text) {
        return read(file).contains(text);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
