package io.emailra.ra;

import com.icegreen.greenmail.user.GreenMailUser;
import io.emailra.api.EmailProtocolException;
import io.emailra.api.FolderInfo;
import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.api.MessageFlag;
import io.emailra.api.MessageInfo;
import io.emailra.api.Pop3Client;
import io.emailra.api.Pop3ClientFactory;
import io.emailra.api.Pop3MessageInfo;
import io.emailra.api.SearchQuery;
import io.emailra.api.SmtpClient;
import io.emailra.api.SmtpClientFactory;
import io.emailra.ra.pool.NonManagedConnectionManager;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.LocalDate;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

import static io.emailra.ra.MailServerExtension.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every IMAP, POP3 and SMTP operation end to end: sent through SMTP, read back through IMAP and POP3. */
class ProtocolOperationsTest {

    @RegisterExtension
    static final MailServerExtension MAIL = new MailServerExtension();

    private String user;
    private NonManagedConnectionManager imapPool;
    private NonManagedConnectionManager pop3Pool;
    private NonManagedConnectionManager smtpPool;
    private ImapClientFactory imap;
    private Pop3ClientFactory pop3;
    private SmtpClientFactory smtp;

    @BeforeEach
    void setUp() throws Exception {
        user = MAIL.newUser();
        ImapManagedConnectionFactory imapManaged = MAIL.configure(new ImapManagedConnectionFactory(), user);
        Pop3ManagedConnectionFactory pop3Managed = MAIL.configure(new Pop3ManagedConnectionFactory(), user);
        SmtpManagedConnectionFactory smtpManaged = MAIL.configure(new SmtpManagedConnectionFactory(), null);
        imapPool = MAIL.pool(imapManaged, 4);
        pop3Pool = MAIL.pool(pop3Managed, 4);
        smtpPool = MAIL.pool(smtpManaged, 4);
        imap = MAIL.clientFactory(imapManaged, imapPool);
        pop3 = MAIL.clientFactory(pop3Managed, pop3Pool);
        smtp = MAIL.clientFactory(smtpManaged, smtpPool);
        GreenMailUser mailbox = MAIL.greenMail().getUserManager().getUser(user);
        MAIL.greenMail().getManagers().getImapHostManager().createMailbox(mailbox, "Archive");
    }

    @AfterEach
    void poolsAreIdle() {
        assertEquals(0, imapPool.activeCount() + pop3Pool.activeCount() + smtpPool.activeCount());
    }

    @Test
    void sentMailIsReadBackThroughImapAndPop3() throws Exception {
        try (SmtpClient sender = smtp.getClient()) {
            String id = sender.send(message("sender@localhost", user, "hello", "first body"));
            assertNotNull(id);
            List<String> ids = sender.send(List.of(message("sender@localhost", user, "batch 1", "b1"),
                    message("sender@localhost", user, "batch 2", "b2")));
            assertEquals(2, ids.size());
        }
        assertTrue(MAIL.greenMail().waitForIncomingEmail(5_000, 3));

        try (ImapClient reader = imap.getClient()) {
            FolderInfo inbox = reader.selectFolder("INBOX");
            assertEquals(3, inbox.messageCount());
            List<MessageInfo> messages = reader.listMessages();
            assertEquals(List.of("hello", "batch 1", "batch 2"), messages.stream().map(MessageInfo::subject).toList());
            MessageInfo first = messages.get(0);
            assertEquals("sender@localhost", first.from());
            assertTrue(first.size() > 0);
            MimeMessage fetched = reader.fetchMessage(first.uid());
            assertEquals("first body", String.valueOf(fetched.getContent()).strip());
            assertEquals(List.of("batch 1"), reader.listMessages(1, 1).stream().map(MessageInfo::subject).toList());
            assertEquals(List.of(), reader.listMessages(3, 10));
        }

        try (Pop3Client reader = pop3.getClient()) {
            assertEquals(3, reader.messageCount());
            List<Pop3MessageInfo> messages = reader.listMessages();
            assertEquals("hello", messages.get(0).subject());
            assertNotNull(messages.get(0).uid());
            assertEquals("b2", String.valueOf(reader.fetchMessage(3).getContent()).strip());
            reader.deleteMessage(1);
            reader.commitDeletes();
            assertEquals(2, reader.messageCount(), "the next POP3 session no longer has the deleted message");
            EmailProtocolException missing = assertThrows(EmailProtocolException.class, () -> reader.fetchMessage(9));
            assertTrue(missing.getMessage().contains("no message number 9"), missing.getMessage());
        }
    }

    @Test
    void imapFoldersAppendFlagsSearchCopyMoveAndDelete() throws Exception {
        try (ImapClient client = imap.getClient()) {
            List<String> folders = client.listFolders().stream().map(FolderInfo::fullName).toList();
            assertTrue(folders.containsAll(List.of("INBOX", "Archive")), folders.toString());

            OptionalLong first = client.appendMessage("INBOX", message("alice@localhost", user, "report Q1", "a"));
            client.appendMessage("INBOX", message("bob@localhost", user, "lunch", "b"));
            assertTrue(first.isPresent(), "GreenMail supports UIDPLUS");
            client.selectFolder("INBOX");

            assertEquals(List.of("report Q1"), subjects(client.search(SearchQuery.all().withSubject("report"))));
            assertEquals(List.of("lunch"), subjects(client.search(SearchQuery.all().withFrom("bob@localhost"))));
            LocalDate tomorrow = LocalDate.now().plusDays(1);
            assertEquals(2, client.search(SearchQuery.receivedBefore(tomorrow)).size());
            assertEquals(0, client.search(SearchQuery.receivedSince(tomorrow)).size());

            client.setFlags(List.of(first.getAsLong()), Set.of(MessageFlag.SEEN, MessageFlag.FLAGGED), true);
            assertEquals(List.of("lunch"), subjects(client.search(SearchQuery.all().withUnseenOnly())));
            assertEquals(Set.of(MessageFlag.SEEN, MessageFlag.FLAGGED), client.listMessages().get(0).flags());

            OptionalLong copy = client.copy(first.getAsLong(), "Archive");
            assertTrue(copy.isPresent());
            long lunch = client.listMessages().get(1).uid();
            client.move(lunch, "Archive");
            assertEquals(List.of("report Q1"), subjects(client.listMessages()));

            client.deleteMessage(first.getAsLong());
            assertTrue(client.listMessages().get(0).flags().contains(MessageFlag.DELETED));
            client.commitDeletes();
            assertEquals(List.of(), client.listMessages());

            client.selectFolder("Archive");
            assertEquals(List.of("report Q1", "lunch"), subjects(client.listMessages()));
        }
    }

    @Test
    void refusedOperationsNameWhatWasWrongAndLeaveTheConnectionUsable() throws Exception {
        try (ImapClient client = imap.getClient()) {
            assertThrows(IllegalStateException.class, client::listMessages, "no folder selected yet");
            EmailProtocolException noFolder = assertThrows(EmailProtocolException.class,
                    () -> client.selectFolder("Nope"));
            assertTrue(noFolder.getMessage().contains("no folder 'Nope'"), noFolder.getMessage());
            client.selectFolder("INBOX");
            EmailProtocolException noMessage = assertThrows(EmailProtocolException.class,
                    () -> client.fetchMessage(4242));
            assertTrue(noMessage.getMessage().contains("uid 4242"), noMessage.getMessage());
            assertThrows(EmailProtocolException.class,
                    () -> client.appendMessage("Nope", message(user, user, "x", "x")));
            assertThrows(IllegalArgumentException.class, () -> client.selectFolder(" "));
            assertThrows(NullPointerException.class, () -> client.selectFolder((String) null));
            assertThrows(IllegalArgumentException.class, () -> client.fetchMessage(0));
            client.noop();
            assertEquals(List.of(), client.listMessages(), "the connection still works, INBOX still selected");
        }
        try (SmtpClient sender = smtp.getClient()) {
            MimeMessage noRecipients = message(user, user, "x", "x");
            noRecipients.setRecipients(MimeMessage.RecipientType.TO, "");
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> sender.send(noRecipients));
            assertTrue(refused.getMessage().contains("no recipients"));
            assertEquals(0, smtpPool.activeCount(), "nothing was allocated for the refused message");
        }
    }

    private static List<String> subjects(List<MessageInfo> messages) {
        return messages.stream().map(MessageInfo::subject).toList();
    }
}
