package io.emailra.ra;

import io.emailra.api.AllocationMode;
import io.emailra.api.EmailConnectionException;
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
import io.emailra.ra.pool.NonManagedConnectionManager;
import io.emailra.testsupport.MailServers;
import io.emailra.testsupport.TcpProxy;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.emailra.ra.MailServerExtension.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No lost or wrong data against the real Dovecot: folder names are exact, UIDs are only used under
 * the UIDVALIDITY they came with, listings are current, POP3 numbers never cross sessions, and a
 * selection survives the loss of its physical connection.
 */
class DataIntegrityIT {

    @RegisterExtension
    static final MailServerExtension POOLS = new MailServerExtension();
    private static final MailServers SERVERS = MailServers.load();
    private static TcpProxy imapProxy;
    private static TcpProxy pop3Proxy;

    private final String alice = SERVERS.users().get(0);
    private final String bob = SERVERS.users().get(1);
    private final List<NonManagedConnectionManager> pools = new ArrayList<>();

    @BeforeAll
    static void proxies() throws IOException {
        imapProxy = new TcpProxy(12143, SERVERS.port("imap"));
        pop3Proxy = new TcpProxy(12110, SERVERS.port("pop3"));
    }

    @AfterAll
    static void closeProxies() {
        imapProxy.close();
        pop3Proxy.close();
    }

    @AfterEach
    void nothingLeftInUse() {
        pools.forEach(pool -> assertEquals(0, pool.activeCount(), "connections left in use"));
    }

    private ImapClientFactory imap(String user) {
        return factory(RealServerFactories.configure(SERVERS, new ImapManagedConnectionFactory(), "imap", "STARTTLS", user));
    }

    private ImapClientFactory imapThroughProxy(String user) {
        ImapManagedConnectionFactory managed = RealServerFactories.configure(SERVERS, new ImapManagedConnectionFactory(),
                "imap", "STARTTLS", user);
        managed.setPort(imapProxy.port());
        return factory(managed);
    }

    private <F> F factory(MailManagedConnectionFactory<?> managed) {
        managed.setReadTimeoutMillis(5_000);
        managed.setValidateAfterIdleMillis(0);
        NonManagedConnectionManager pool = POOLS.pool(managed, 3);
        pools.add(pool);
        return POOLS.clientFactory(managed, pool);
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void imapWildcardsInAFolderNameNeverReachAnotherFolder() {
        String stem = unique("Proj");
        String projects = stem + "ects";
        try (ImapClient client = imap(alice).getClient(AllocationMode.USE_MAIN)) {
            client.createFolder(projects);
            client.appendMessage(projects, message(alice, alice, "in projects", "kept"));

            EmailProtocolException deleted = assertThrows(EmailProtocolException.class,
                    () -> client.deleteFolder(stem + "%"));
            assertTrue(deleted.getMessage().contains("no folder '" + stem + "%'"), deleted.getMessage());
            EmailProtocolException appended = assertThrows(EmailProtocolException.class,
                    () -> client.appendMessage(stem + "%", message(alice, alice, "stray", "x")));
            assertTrue(appended.getMessage().contains("no folder '" + stem + "%'"), appended.getMessage());
            assertThrows(EmailProtocolException.class, () -> client.selectFolder(stem + "*"));

            FolderInfo star = client.createFolder(stem + "*");
            assertEquals(stem + "*", star.fullName(), "created under its own name, not taken for '" + projects + "'");
            client.appendMessage(stem + "*", message(alice, alice, "in the star folder", "y"));
            assertEquals(List.of("in the star folder"), subjects(client, stem + "*"));
            client.deleteFolder(stem + "*");

            assertEquals(List.of("in projects"), subjects(client, projects), "the similar folder was never touched");
            assertTrue(client.listFolders().stream().noneMatch(f -> f.fullName().equals(stem + "*")));
            client.deleteFolder(projects);
        }
    }

    @Test
    void uidsAreRefusedOnceTheFolderWasRecreatedAndInfosCarryTheUidValidity() {
        String folder = unique("Recreated ");
        try (ImapClient client = imap(alice).getClient(AllocationMode.USE_MAIN);
             ImapClient other = imap(alice).getClient(AllocationMode.USE_MAIN)) {
            client.createFolder(folder);
            long uid = client.appendMessage(folder, message(alice, alice, "the original", "1")).getAsLong();
            FolderInfo selected = client.selectFolder(folder);
            assertTrue(selected.uidValidity() > 0);
            assertEquals(List.of(selected.uidValidity()),
                    client.listMessages().stream().map(MessageInfo::uidValidity).toList());
            assertEquals("the original", subject(client.fetchMessage(uid)));
            client.listFolders(); // a store-level command: the folder is closed and opened again when next used

            other.deleteFolder(folder);
            other.createFolder(folder);
            assertEquals(uid, other.appendMessage(folder, message(alice, alice, "an impostor", "2")).getAsLong(),
                    "the new folder gives the same UID to another message");

            EmailProtocolException refused = assertThrows(EmailProtocolException.class, () -> client.fetchMessage(uid));
            assertTrue(refused.getMessage().contains("'" + folder + "'") && refused.getMessage().contains("UIDVALIDITY"),
                    refused.getMessage());
            assertThrows(EmailProtocolException.class, () -> client.deleteMessage(uid));
            assertThrows(EmailProtocolException.class, () -> client.setFlags(List.of(uid), Set.of(MessageFlag.SEEN), true));

            FolderInfo again = client.selectFolder(folder);
            assertNotEquals(selected.uidValidity(), again.uidValidity());
            assertEquals("an impostor", subject(client.fetchMessage(uid)), "after selecting again, the new UIDs apply");
            client.deleteFolder(folder);
        }
    }

    @Test
    void listingsAndSearchesSeeWhatAnotherSessionChangedJustBefore() {
        String folder = unique("Fresh ");
        try (ImapClient reader = imap(alice).getClient(AllocationMode.USE_MAIN);
             ImapClient writer = imap(alice).getClient(AllocationMode.USE_MAIN)) {
            reader.createFolder(folder);
            long first = reader.appendMessage(folder, message(alice, alice, "first", "1")).getAsLong();
            reader.selectFolder(folder);
            writer.selectFolder(folder);
            assertEquals(List.of("first"), reader.listMessages().stream().map(MessageInfo::subject).toList());

            writer.appendMessage(folder, message(alice, alice, "second", "2"));
            assertEquals(List.of("first", "second"), reader.listMessages().stream().map(MessageInfo::subject).toList(),
                    "a message appended by another session a moment ago is listed");
            writer.setFlags(List.of(first), Set.of(MessageFlag.FLAGGED), true);
            assertTrue(reader.listMessages().get(0).flags().contains(MessageFlag.FLAGGED),
                    "a flag set by another session a moment ago is listed");
            writer.appendMessage(folder, message(alice, alice, "third", "3"));
            assertEquals(List.of("third"), reader.search(SearchQuery.all().withSubject("third")).stream()
                    .map(MessageInfo::subject).toList());
            reader.deleteFolder(folder);
        }
    }

    @Test
    void pop3NumbersFromASessionLostWithItsConnectionAreRefusedAndUidlsStillWork() {
        try (ImapClient imap = imap(bob).getClient()) {
            imap.appendMessage("INBOX", message(alice, bob, "pop3 one " + UUID.randomUUID(), "1"));
            imap.appendMessage("INBOX", message(alice, bob, "pop3 two " + UUID.randomUUID(), "2"));
        }
        Pop3ManagedConnectionFactory managed = RealServerFactories.configure(SERVERS, new Pop3ManagedConnectionFactory(),
                "pop3", "STARTTLS", bob);
        managed.setPort(pop3Proxy.port());
        Pop3ClientFactory pop3 = factory(managed);
        try (Pop3Client client = pop3.getClient(AllocationMode.USE_MAIN)) {
            List<Pop3MessageInfo> listed = client.listMessages();
            Pop3MessageInfo first = listed.get(0);
            client.deleteMessage(first.number());
            assertTrue(pop3Proxy.cutAll() > 0);
            assertThrows(EmailConnectionException.class, () -> client.fetchMessage(2));

            EmailProtocolException voided = assertThrows(EmailProtocolException.class, () -> client.fetchMessage(2));
            assertTrue(voided.getMessage().contains("message number 2") && voided.getMessage().contains("UIDL"),
                    voided.getMessage());
            assertThrows(EmailProtocolException.class, () -> client.deleteMessage(1));
            assertEquals(listed.get(1).subject(), subject(client.fetchMessage(listed.get(1).uid())),
                    "by UIDL, the same message in the new session");

            // (Not the count: mail for bob that other tests sent may have arrived since.)
            assertTrue(client.listMessages().stream().anyMatch(m -> m.uid().equals(first.uid())),
                    "the deletion marked in the lost session was not made");
            assertEquals(listed.get(1).uid(), client.listMessages().get(1).uid());
            client.fetchMessage(2); // numbers read again in the new session are fine
            EmailProtocolException unknown = assertThrows(EmailProtocolException.class,
                    () -> client.fetchMessage("no-such-uidl"));
            assertTrue(unknown.getMessage().contains("no message with UIDL 'no-such-uidl'"), unknown.getMessage());
        }
    }

    @Test
    void aSelectionSurvivesTheLossOfItsPhysicalConnection() {
        String folder = unique("Survivor ");
        try (ImapClient client = imapThroughProxy(alice).getClient(AllocationMode.USE_MAIN)) {
            client.createFolder(folder);
            long uid = client.appendMessage(folder, message(alice, alice, "still here", "1")).getAsLong();
            client.selectFolder(folder);
            assertTrue(imapProxy.cutAll() > 0); // the pool's check at reuse replaces the dead connection
            assertEquals(List.of("still here"), client.listMessages().stream().map(MessageInfo::subject).toList(),
                    "selected again on the new physical connection");
            assertEquals("still here", subject(client.fetchMessage(uid)));

            try (ImapClient other = imap(alice).getClient()) {
                assertTrue(imapProxy.cutAll() > 0);
                other.deleteFolder(folder);
                other.createFolder(folder);
                other.appendMessage(folder, message(alice, alice, "impostor", "2"));
            }
            EmailProtocolException refused = assertThrows(EmailProtocolException.class, () -> client.fetchMessage(uid));
            assertTrue(refused.getMessage().contains("UIDVALIDITY"), refused.getMessage());
            client.deleteFolder(folder);
        }
    }

    @Test
    void anAppendedMessageKeepsItsFlagsAndBcc() throws Exception {
        String folder = unique("Sent ");
        try (ImapClient client = imap(alice).getClient(AllocationMode.USE_MAIN)) {
            client.createFolder(folder);
            MimeMessage sent = message(alice, bob, "a copy of what was sent", "x");
            sent.setRecipients(MimeMessage.RecipientType.BCC, "carol@emailra.test");
            sent.setFlag(jakarta.mail.Flags.Flag.SEEN, true);
            long uid = client.appendMessage(folder, sent).getAsLong();
            client.selectFolder(folder);
            assertEquals(Set.of(MessageFlag.SEEN), client.listMessages().get(0).flags());
            assertEquals("carol@emailra.test", client.fetchMessage(uid).getHeader("Bcc", ","),
                    "a stored copy keeps its Bcc; only SMTP leaves it out");
            client.deleteFolder(folder);
        }
    }

    private static List<String> subjects(ImapClient client, String folder) {
        client.selectFolder(folder);
        return client.listMessages().stream().map(MessageInfo::subject).toList();
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
