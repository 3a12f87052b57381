package io.emailra.ra;

import io.emailra.api.AllocationMode;
import io.emailra.api.EmailProtocolException;
import io.emailra.api.EmailSendException;
import io.emailra.api.FolderInfo;
import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.api.MessageInfo;
import io.emailra.api.Pop3Client;
import io.emailra.api.Pop3ClientFactory;
import io.emailra.api.SearchQuery;
import io.emailra.api.SendResult;
import io.emailra.api.SmtpClient;
import io.emailra.api.SmtpClientFactory;
import io.emailra.testsupport.Await;
import io.emailra.testsupport.MailServers;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.resource.spi.InvalidPropertyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static io.emailra.ra.MailServerExtension.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input against the real servers: each is a clear exception naming what was wrong, and the
 * connection it was tried on still works afterwards.
 */
class BadInputIT {

    @RegisterExtension
    static final MailServerExtension POOLS = new MailServerExtension();
    private static final MailServers SERVERS = MailServers.load();

    private final String alice = SERVERS.users().get(0);
    private final String bob = SERVERS.users().get(1);

    private SmtpClientFactory smtp() {
        SmtpManagedConnectionFactory managed = RealServerFactories.configure(SERVERS, new SmtpManagedConnectionFactory(),
                "submission", "STARTTLS", alice);
        return POOLS.clientFactory(managed, POOLS.pool(managed, 2));
    }

    private ImapClientFactory imap(String user) {
        ImapManagedConnectionFactory managed = RealServerFactories.configure(SERVERS, new ImapManagedConnectionFactory(),
                "imap", "STARTTLS", user);
        return POOLS.clientFactory(managed, POOLS.pool(managed, 2));
    }

    @Test
    void headerInjectionAndInvalidAddressesAreRefusedBeforeAnythingIsSent() throws Exception {
        try (SmtpClient client = smtp().getClient(AllocationMode.USE_MAIN)) {
            // Jakarta Mail folds a line break in a subject (CRLF + space): it cannot start a header.
            MimeMessage subject = message(alice, bob, "hello\r\nBcc: victim@example.com", "x");
            assertNotNull(client.send(subject));
            assertNull(subject.getHeader("Bcc"), "no Bcc header was injected");

            MimeMessage header = message(alice, bob, "ok", "x");
            header.setHeader("X-Campaign", "a\nBcc: victim@example.com");
            assertRefused(() -> client.send(header), "header 'X-Campaign'", "\\nBcc");

            MimeMessage address = message(alice, bob, "ok", "x");
            address.setRecipient(MimeMessage.RecipientType.CC, unchecked("bob@emailra.test\r\nBcc: x@y"));
            assertRefused(() -> client.send(address), "invalid address", "bob@emailra.test", "Bcc: x@y");

            MimeMessage invalid = message(alice, bob, "ok", "x");
            invalid.setRecipient(MimeMessage.RecipientType.TO, unchecked("not an address"));
            assertRefused(() -> client.send(invalid), "invalid address 'not an address'");

            MimeMessage folded = message(alice, bob, "folded", "x");
            folded.setHeader("X-Long", "first part\r\n second part");
            assertNotNull(client.send(folded), "a folded header is fine");
        }
    }

    @Test
    void aBatchReportsPerMessageWhatWentAndWhatTheServerRefused() {
        String run = UUID.randomUUID().toString();
        try (SmtpClient client = smtp().getClient(AllocationMode.USE_MAIN)) {
            EmailSendException partly = assertThrows(EmailSendException.class, () -> client.send(List.of(
                    message(alice, bob, "batch first " + run, "1"),
                    message(alice, "nobody@emailra.test", "batch refused " + run, "2"),
                    message(alice, bob, "batch third " + run, "3"))));
            List<SendResult> results = partly.results();
            assertEquals(3, results.size());
            assertTrue(results.get(0).sent() && results.get(2).sent());
            assertFalse(results.get(1).sent());
            assertNull(results.get(1).messageId());
            assertTrue(results.get(1).failure().getMessage().contains("nobody@emailra.test"), results.get(1).toString());
            assertTrue(partly.getMessage().startsWith("1 of 3 messages were refused"), partly.getMessage());
            client.send(message(alice, bob, "batch after " + run, "4"));
        }
        ImapClientFactory imap = imap(bob);
        try (ImapClient reader = imap.getClient()) {
            List<String> delivered = Await.until("the batch delivered", Duration.ofSeconds(15), () -> {
                reader.selectFolder("INBOX");
                List<String> subjects = reader.search(SearchQuery.all().withSubject(run)).stream()
                        .map(MessageInfo::subject).sorted().toList();
                return subjects.size() == 3 ? java.util.Optional.of(subjects) : java.util.Optional.empty();
            });
            assertEquals(List.of("batch after " + run, "batch first " + run, "batch third " + run), delivered);
        }
    }

    @Test
    void aMessageOverTheServersSizeLimitIsRefusedAndTheConnectionStillWorks() throws Exception {
        try (SmtpClient client = smtp().getClient(AllocationMode.USE_MAIN)) {
            MimeMessage huge = message(alice, bob, "too big", "x".repeat(11_000_000));
            EmailProtocolException refused = assertThrows(EmailProtocolException.class, () -> client.send(huge));
            assertTrue(refused.getMessage().contains("552") && refused.getMessage().contains("5.3.4"), // DATA: "message file too big", BDAT: "Chunk exceeds"
                    refused.getMessage());
            assertNotNull(client.send(message(alice, bob, "small after big", "ok")));
        }
    }

    @Test
    void unknownFoldersUidsAndMessageNumbersAreNamed() {
        try (ImapClient client = imap(bob).getClient()) {
            assertRefused(() -> client.selectFolder("No Such Folder"), "no folder 'No Such Folder'");
            assertRefused(() -> client.copy(1, "INBOX"), "no folder is selected");
            client.selectFolder("INBOX");
            assertRefused(() -> client.fetchMessage(999_999_999L), "uid 999999999", "INBOX");
            assertRefused(() -> client.move(999_999_999L, "INBOX"), "uid 999999999");
            assertRefused(() -> client.selectFolder("bad\r\nname"), "control characters");
            assertRefused(() -> client.selectFolder(""), "blank");
            assertRefused(() -> client.setFlags(List.of(), java.util.Set.of(io.emailra.api.MessageFlag.SEEN), true),
                    "uids must not be empty");
            client.noop();
            assertFalse(client.listMessages(0, 1).size() > 1);
        }
        Pop3ManagedConnectionFactory managed = RealServerFactories.configure(SERVERS, new Pop3ManagedConnectionFactory(),
                "pop3", "STARTTLS", bob);
        Pop3ClientFactory pop3 = POOLS.clientFactory(managed, POOLS.pool(managed, 1));
        try (Pop3Client client = pop3.getClient()) {
            int count = client.messageCount();
            assertRefused(() -> client.fetchMessage(count + 1), "no message number " + (count + 1), "holds " + count);
            assertRefused(() -> client.deleteMessage(0), "messageNumber must be at least 1");
            assertEquals(count, client.messageCount());
        }
    }

    @Test
    void nonAsciiFolderNamesTravelAsModifiedUtf7BothWays() throws Exception {
        String name = "Entwürfe 日本語 " + UUID.randomUUID().toString().substring(0, 6);
        try (ImapClient client = imap(alice).getClient()) {
            FolderInfo created = client.createFolder(name);
            assertEquals(name, created.fullName());
            assertTrue(client.listFolders().stream().anyMatch(f -> f.fullName().equals(name)), "listed, decoded");
            client.appendMessage(name, message(alice, alice, "in a Unicode folder", "ü"));
            client.selectFolder(name);
            assertEquals(List.of("in a Unicode folder"), client.listMessages().stream().map(MessageInfo::subject).toList());
            try (Stream<Path> onDisk = Files.list(SERVERS.mailDirectory(alice))) {
                assertTrue(onDisk.anyMatch(p -> p.getFileName().toString().startsWith(".Entw&APw-rfe &ZeVnLIqe-")),
                        "Dovecot stored the name in modified UTF-7");
            }
            client.deleteFolder(name);
            assertThrows(EmailProtocolException.class, () -> client.selectFolder(name));
            assertThrows(IllegalStateException.class, client::listMessages, "the deleted folder is no longer selected");
        }
    }

    @Test
    void controlCharactersInCredentialsAreRefusedBeforeAnythingIsSentForEveryProtocol() {
        List<MailManagedConnectionFactory<?>> managed = List.of(
                RealServerFactories.configure(SERVERS, new ImapManagedConnectionFactory(), "imap", "STARTTLS", null),
                RealServerFactories.configure(SERVERS, new Pop3ManagedConnectionFactory(), "pop3", "STARTTLS", null),
                RealServerFactories.configure(SERVERS, new SmtpManagedConnectionFactory(), "submission", "STARTTLS", null));
        String password = MailServers.password(alice);
        for (MailManagedConnectionFactory<?> factory : managed) {
            io.emailra.api.EmailClientFactory<?> clients = POOLS.clientFactory(factory, POOLS.pool(factory, 1));
            IllegalArgumentException user = assertThrows(IllegalArgumentException.class,
                    () -> clients.getClient(AllocationMode.USE_MAIN, alice + "\r\nNOOP", password));
            assertTrue(user.getMessage().contains("user name must not contain control characters"), user.getMessage());
            IllegalArgumentException secret = assertThrows(IllegalArgumentException.class,
                    () -> clients.getClient(AllocationMode.USE_MAIN, alice, "s3cret\r\nPASS other"));
            assertTrue(secret.getMessage().contains("password must not contain control characters"), secret.getMessage());
            assertFalse(secret.getMessage().contains("s3cret"), "the password is never shown");
            assertThrows(IllegalArgumentException.class,
                    () -> clients.getClient(AllocationMode.USE_MAIN, alice, "nul\0byte"));
            assertEquals(0, factory.openConnections(), factory.protocol() + ": nothing was sent");

            factory.setUserName(alice + "\nNOOP");
            InvalidPropertyException configured = assertThrows(InvalidPropertyException.class,
                    factory::createConnectionFactory);
            assertTrue(configured.getMessage().contains("'userName'"), configured.getMessage());
            factory.setUserName(alice);
            factory.setPassword("s3cret\r\nNOOP");
            configured = assertThrows(InvalidPropertyException.class, factory::createConnectionFactory);
            assertTrue(configured.getMessage().contains("'password'") && !configured.getMessage().contains("s3cret"),
                    configured.getMessage());
        }
    }

    @Test
    void oversizedFolderNamesAndSearchTextsAreRefusedAndTheConnectionStillWorks() {
        try (ImapClient client = imap(bob).getClient(AllocationMode.USE_MAIN)) {
            client.selectFolder("INBOX");
            assertRefused(() -> client.selectFolder("F".repeat(1_001)), "1001 characters long", "at most 1000");
            assertRefused(() -> client.createFolder("F".repeat(5_000)), "at most 1000");
            assertRefused(() -> client.search(SearchQuery.all().withSubject("s".repeat(200_000))),
                    "200000 characters long", "at most 4000");
            assertRefused(() -> client.search(SearchQuery.all().withFrom("f".repeat(4_001))), "at most 4000");
            client.noop();
            assertTrue(client.search(SearchQuery.all().withSubject("s".repeat(4_000))).isEmpty());
        }
    }

    /** An address as an application could build it, without Jakarta Mail's parsing. */
    private static InternetAddress unchecked(String text) {
        InternetAddress address = new InternetAddress();
        address.setAddress(text);
        return address;
    }

    private static void assertRefused(org.junit.jupiter.api.function.Executable action, String... texts) {
        Throwable refused = assertThrows(RuntimeException.class, action);
        assertTrue(refused instanceof IllegalArgumentException || refused instanceof IllegalStateException
                || refused instanceof EmailProtocolException, refused.toString());
        for (String text : texts) {
            assertTrue(refused.getMessage().contains(text), "'" + text + "' missing from: " + refused.getMessage());
        }
    }
}
