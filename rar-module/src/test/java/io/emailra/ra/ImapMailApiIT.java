package io.emailra.ra;

import io.emailra.api.AllocationMode;
import io.emailra.api.EmailException;
import io.emailra.api.EmailConnection;
import io.emailra.api.EmailProtocolException;
import io.emailra.api.FolderInfo;
import io.emailra.api.FolderStatus;
import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.api.MessageFlag;
import io.emailra.api.MessageInfo;
import io.emailra.api.MessagePart;
import io.emailra.api.SearchQuery;
import io.emailra.ra.pool.NonManagedConnectionManager;
import io.emailra.testsupport.MailServers;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.emailra.ra.MailServerExtension.inNewFolder;
import static io.emailra.ra.MailServerExtension.message;
import static io.emailra.ra.MailServerExtension.withAttachment;
import static io.emailra.api.SearchQuery.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The IMAP API for real mail against the real Dovecot over STARTTLS: streaming a message and one
 * decoded attachment, headers and structure, fetches that leave \Seen alone, searches composed of
 * every criterion, a folder's status without selecting it, read-only selection, and pages by UID
 * that do not shift when messages are expunged.
 */
class ImapMailApiIT {

    @RegisterExtension
    static final MailServerExtension POOLS = new MailServerExtension();
    private static final MailServers SERVERS = MailServers.load();

    private final String carol = SERVERS.users().get(2);
    private final List<NonManagedConnectionManager> pools = new ArrayList<>();

    @AfterEach
    void nothingLeftInUse() {
        pools.forEach(pool -> assertEquals(0, pool.activeCount(), "connections left in use"));
        pools.forEach(NonManagedConnectionManager::close); // carol's idle connections count against Dovecot's ten too
        pools.clear();
    }

    private ImapClientFactory imap() {
        return imap(RealServerFactories.configure(SERVERS, new ImapManagedConnectionFactory(), "imap", "STARTTLS", carol));
    }

    /**
     * Dovecot as a client connecting to 127.0.0.2 sees it: without CONDSTORE, MOVE and UIDPLUS (plain
     * text on loopback); dave's, so that its connections do not count against carol's ten.
     */
    private ImapClientFactory imapWithoutCondStore() {
        ImapManagedConnectionFactory managed = RealServerFactories.configure(SERVERS, new ImapManagedConnectionFactory(),
                "imap", "NONE", SERVERS.users().get(3));
        managed.setHost("127.0.0.2");
        return imap(managed);
    }

    private ImapClientFactory imap(ImapManagedConnectionFactory managed) {
        return imap(managed, 2);
    }

    private ImapClientFactory imap(ImapManagedConnectionFactory managed, int poolSize) {
        NonManagedConnectionManager pool = POOLS.pool(managed, poolSize);
        pools.add(pool);
        return POOLS.clientFactory(managed, pool);
    }

    @Test
    void aMessageAndOneAttachmentStreamWithoutBeingHeldAndFetchesLeaveSeenAlone() throws Exception {
        byte[] attachment = new byte[3 * 1024 * 1024 + 17]; // base64: more than 16 chunks of 256 KB
        new Random(11).nextBytes(attachment);
        try (ImapClient client = imap().getClient(AllocationMode.USE_MAIN)) {
            inNewFolder(client, folder -> {
                long uid = client.appendMessage(folder, withAttachment(carol, attachment, "Rechnung-\u00e4.pdf")).getAsLong();
                client.selectFolder(folder);

                MessagePart root = client.fetchStructure(uid);
                assertEquals("", root.partId());
                assertEquals("multipart/mixed", root.contentType());
                assertEquals(2, root.parts().size());
                MessagePart text = root.parts().get(0);
                MessagePart file = root.parts().get(1);
                assertEquals("1", text.partId());
                assertEquals("text/plain", text.contentType());
                assertEquals("2", file.partId());
                assertEquals("application/pdf", file.contentType());
                assertEquals("Rechnung-\u00e4.pdf", file.fileName());
                assertEquals("attachment", file.disposition());
                assertEquals("base64", file.encoding());
                assertTrue(file.size() > attachment.length, "the size as sent, base64: " + file.size());

                ByteArrayOutputStream decoded = new ByteArrayOutputStream();
                client.fetchPart(uid, "2", decoded);
                assertArrayEquals(attachment, decoded.toByteArray(), "the attachment, decoded");
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                client.fetchPart(uid, "1", body);
                assertEquals("see the attachment", body.toString().strip());

                ByteArrayOutputStream raw = new ByteArrayOutputStream();
                client.fetchMessage(uid, raw);
                MessageInfo listed = client.listMessages().get(0);
                assertEquals(listed.size(), raw.size(), "every byte of the message as the server has it");
                MimeMessage parsed = new MimeMessage(null, new ByteArrayInputStream(raw.toByteArray()));
                assertEquals("invoice", parsed.getSubject());
                assertEquals("invoice", client.fetchHeaders(uid).getHeader("Subject", null));
                assertEquals(Set.of(), client.listMessages().get(0).flags(), "no fetch set \\Seen");
            });
        }
    }

    @Test
    void streamingRefusesWhatIsNotThereAndACallerStreamThatFailsLeavesTheConnectionUsable() throws Exception {
        try (ImapClient client = imap().getClient(AllocationMode.USE_MAIN)) {
            inNewFolder(client, folder -> {
                long uid = client.appendMessage(folder, withAttachment(carol, new byte[600_000], "zeros.bin")).getAsLong();
                client.selectFolder(folder);
                OutputStream sink = OutputStream.nullOutputStream();
                EmailProtocolException noPart = assertThrows(EmailProtocolException.class, () -> client.fetchPart(uid, "3", sink));
                assertTrue(noPart.getMessage().contains("no part '3'"), noPart.getMessage());
                assertThrows(IllegalArgumentException.class, () -> client.fetchPart(uid, "", sink), "the root is no part");
                assertThrows(IllegalArgumentException.class, () -> client.fetchPart(uid, "1.x", sink));
                assertThrows(IllegalArgumentException.class, () -> client.fetchPart(uid, "1\r\nA1 LOGOUT", sink));
                assertThrows(NullPointerException.class, () -> client.fetchMessage(uid, null));
                EmailProtocolException noMessage = assertThrows(EmailProtocolException.class,
                        () -> client.fetchMessage(uid + 1000, sink));
                assertTrue(noMessage.getMessage().contains("no message with uid " + (uid + 1000)), noMessage.getMessage());

                OutputStream failing = new OutputStream() {
                    private int written;

                    @Override
                    public void write(int b) throws IOException {
                        write(new byte[]{(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] bytes, int offset, int length) throws IOException {
                        written += length;
                        if (written > 300_000) {
                            throw new IOException("client went away");
                        }
                    }
                };
                EmailException failed = assertThrows(EmailException.class, () -> client.fetchMessage(uid, failing));
                assertTrue(failed.getMessage().contains("client went away"), failed.getMessage());
                assertEquals(1, client.listMessages().size(), "the same connection goes on");
            });
        }
    }

    @Test
    void searchesComposedOfEveryCriterionRunOnTheServer() throws Exception {
        try (ImapClient client = imap().getClient(AllocationMode.USE_MAIN)) {
            inNewFolder(client, folder -> {
                long invoice = client.appendMessage(folder, mail("billing@example.com", "Invoice 42", "pay by Friday",
                        "cc-one@example.com", LocalDate.of(2020, 1, 15), "X-Customer", "acme")).getAsLong();
                long greeting = client.appendMessage(folder, mail("friend@example.org", "Gr\u00fc\u00dfe aus Wien",
                        "x".repeat(20_000), null, LocalDate.of(2024, 6, 1), "X-Customer", "globex")).getAsLong();
                long reminder = client.appendMessage(folder, mail("billing@example.com", "Reminder", "invoice 42 is due",
                        null, LocalDate.of(2024, 6, 2), null, null)).getAsLong();
                client.selectFolder(folder);
                client.setFlags(List.of(reminder), Set.of(MessageFlag.SEEN, MessageFlag.FLAGGED), true);

                assertEquals(List.of(invoice, reminder), client.searchUids(SearchQuery.from("billing@")));
                assertEquals(List.of(invoice), client.searchUids(SearchQuery.subject("invoice")));
                assertEquals(List.of(invoice, reminder), client.searchUids(SearchQuery.body("friday")
                        .or(SearchQuery.body("is due"))));
                assertEquals(List.of(invoice), client.searchUids(SearchQuery.cc("cc-one")));
                assertEquals(List.of(invoice, greeting, reminder), client.searchUids(SearchQuery.to(carol)));
                assertEquals(List.of(greeting), client.searchUids(SearchQuery.header("X-Customer", "globex")));
                assertEquals(List.of(invoice, greeting), client.searchUids(SearchQuery.header("X-Customer", "")));
                assertEquals(List.of(greeting), client.searchUids(SearchQuery.larger(15_000)));
                assertEquals(List.of(invoice, reminder), client.searchUids(SearchQuery.smaller(15_000)));
                assertEquals(List.of(reminder), client.searchUids(SearchQuery.hasFlag(MessageFlag.FLAGGED)));
                assertEquals(List.of(invoice, greeting), client.searchUids(not(SearchQuery.hasFlag(MessageFlag.SEEN))));
                assertEquals(List.of(greeting), client.searchUids(SearchQuery.subject("gr\u00fc\u00dfe")), "UTF-8");
                assertEquals(List.of(invoice), client.searchUids(SearchQuery.sentBefore(LocalDate.of(2021, 1, 1))));
                assertEquals(List.of(greeting), client.searchUids(SearchQuery.sentOn(LocalDate.of(2024, 6, 1))));
                assertEquals(List.of(greeting, reminder), client.searchUids(SearchQuery.sentSince(LocalDate.of(2024, 1, 1))));
                // Appended without a received date, a message's INTERNALDATE is its sent date (Angus's APPEND).
                assertEquals(List.of(invoice), client.searchUids(SearchQuery.receivedBefore(LocalDate.of(2021, 1, 1))));
                assertEquals(List.of(reminder), client.searchUids(SearchQuery.receivedOn(LocalDate.of(2024, 6, 2))));
                assertEquals(List.of(greeting, reminder), client.searchUids(SearchQuery.uids(greeting, reminder + 100)));
                assertEquals(List.of(reminder), client.searchUids(SearchQuery.from("billing")
                        .and(not(SearchQuery.subject("invoice")))));
                assertEquals(List.of("Reminder"), client.search(SearchQuery.from("billing").and(SearchQuery.hasFlag(MessageFlag.SEEN)))
                        .stream().map(MessageInfo::subject).toList(), "summaries of what the server found");
                assertEquals(List.of(), client.searchUids(SearchQuery.subject("no such subject")));
            });
        }
        assertThrows(IllegalArgumentException.class, () -> SearchQuery.subject("a\r\nA1 LOGOUT"));
        assertThrows(IllegalArgumentException.class, () -> SearchQuery.header("X Customer", "a"));
        assertThrows(IllegalArgumentException.class, () -> SearchQuery.keyword("two words"));
        assertThrows(IllegalArgumentException.class, () -> SearchQuery.larger(-1));
        assertThrows(IllegalArgumentException.class, () -> SearchQuery.uids(5, 4));
        assertThrows(IllegalArgumentException.class, () -> SearchQuery.subject(null));
    }

    @Test
    void statusWithoutSelectingReadOnlySelectionAndPagesByUidThatDoNotShift() throws Exception {
        try (ImapClient client = imap().getClient(AllocationMode.USE_MAIN)) {
            inNewFolder(client, folder -> {
                List<Long> uids = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    uids.add(client.appendMessage(folder, message(carol, carol, "page " + i, "m" + i)).getAsLong());
                }
                FolderStatus status = client.folderStatus(folder);
                assertEquals(5, status.messages());
                assertEquals(5, status.unseen());
                assertEquals(uids.get(4) + 1, status.uidNext());
                EmailProtocolException missing = assertThrows(EmailProtocolException.class,
                        () -> client.folderStatus(folder + " missing"));
                assertTrue(missing.getMessage().contains("'" + folder + " missing'"), missing.getMessage());

                FolderInfo examined = client.examineFolder(folder);
                assertEquals(status.uidValidity(), examined.uidValidity());
                IllegalStateException readOnly = assertThrows(IllegalStateException.class,
                        () -> client.addFlags(List.of(uids.get(0)), Set.of(MessageFlag.FLAGGED), Set.of()));
                assertTrue(readOnly.getMessage().contains("read-only"), readOnly.getMessage());
                assertThrows(IllegalStateException.class, () -> client.deleteMessage(uids.get(0)));
                assertEquals(Set.of(), client.listMessages().get(0).flags(), "a read-only selection changed nothing");
                assertEquals(5, client.listMessages().size(), "and stays usable");

                client.selectFolder(folder);
                List<MessageInfo> first = client.listMessagesAfter(0, 2);
                assertEquals(uids.subList(0, 2), first.stream().map(MessageInfo::uid).toList());
                client.deleteMessage(uids.get(0));
                client.commitDeletes(); // the first page shrinks; the next does not shift
                assertEquals(uids.subList(2, 4), client.listMessagesAfter(first.get(1).uid(), 2).stream().map(MessageInfo::uid).toList());
                assertEquals(List.of(uids.get(4), uids.get(3)),
                        client.listMessagesBefore(Long.MAX_VALUE, 2).stream().map(MessageInfo::uid).toList(), "newest first");
                assertEquals(List.of(uids.get(2), uids.get(1)),
                        client.listMessagesBefore(uids.get(3), 5).stream().map(MessageInfo::uid).toList());
                assertEquals(List.of(), client.listMessagesAfter(uids.get(4), 2));
                assertThrows(IllegalArgumentException.class, () -> client.listMessagesAfter(-1, 2));
                assertThrows(IllegalArgumentException.class, () -> client.listMessagesBefore(5, 0));
            });
        }
    }

    /**
     * Three clients on three connections claim the same messages at once, in three rounds: each
     * message goes to exactly one (Dovecot's conditional store alone let two win about 1 run in 7);
     * also on a server without CONDSTORE, where the claim is the marker alone, and with the three
     * connections from one factory, whose markers are the same.
     */
    @ParameterizedTest
    @CsvSource({"true, false", "false, false", "true, true"})
    void ofClientsClaimingAMessageAtOnceExactlyOneGetsIt(boolean condStore, boolean oneFactory) throws Exception {
        ImapClientFactory shared = oneFactory
                ? imap(RealServerFactories.configure(SERVERS, new ImapManagedConnectionFactory(), "imap", "STARTTLS", carol), 4)
                : null;
        List<ImapClientFactory> factories = Stream.generate(() -> oneFactory ? shared : condStore ? imap() : imapWithoutCondStore())
                .limit(3).toList();
        try (ImapClient setup = factories.get(0).getClient(AllocationMode.USE_MAIN)) {
            inNewFolder(setup, folder -> {
                List<Long> uids = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    uids.add(setup.appendMessage(folder, message(carol, carol, "claim " + i, "c")).getAsLong());
                }
                ExecutorService threads = Executors.newFixedThreadPool(factories.size());
                try {
                    for (String keyword : List.of("worker-claim", "second-claim", "third-claim")) {
                        List<Future<List<Long>>> won = new ArrayList<>();
                        for (ImapClientFactory factory : factories) {
                            won.add(threads.submit(() -> {
                                List<Long> mine = new ArrayList<>();
                                try (ImapClient client = factory.getClient(AllocationMode.USE_MAIN)) {
                                    client.selectFolder(folder);
                                    for (long uid : uids) {
                                        if (client.claim(uid, keyword)) {
                                            mine.add(uid);
                                        }
                                    }
                                }
                                return mine;
                            }));
                        }
                        List<Long> all = new ArrayList<>();
                        for (Future<List<Long>> each : won) {
                            all.addAll(each.get());
                        }
                        all.sort(null);
                        assertEquals(uids, all, keyword + ": every message claimed, none twice");
                    }
                } finally {
                    threads.shutdown();
                }
                setup.selectFolder(folder);
                assertTrue(setup.listMessages().stream().allMatch(m -> m.keywords().contains("worker-claim")));
                assertEquals(false, setup.claim(uids.get(0), "worker-claim"), "claimed already");
            });
        }
    }

    /** Unclaim takes the keyword and its marker away: the message can be claimed again; a keyword set by hand is no claim. */
    @Test
    void anUnclaimedMessageCanBeClaimedAgain() throws Exception {
        try (ImapClient client = imap().getClient(AllocationMode.USE_MAIN);
             ImapClient other = imap().getClient(AllocationMode.USE_MAIN)) {
            inNewFolder(client, folder -> {
                long uid = client.appendMessage(folder, message(carol, carol, "unclaim", "u")).getAsLong();
                client.selectFolder(folder);
                other.selectFolder(folder);
                assertTrue(client.claim(uid, "job"));
                assertEquals(false, other.claim(uid, "job"), "held by the first client");
                assertEquals(2, keywordsOf(client, uid).size(), "the keyword and the holder's marker: " + keywordsOf(client, uid));
                client.unclaim(List.of(uid), "job");
                assertEquals(Set.of(), keywordsOf(client, uid));
                assertTrue(other.claim(uid, "job"), "released: the other client gets it");
                other.unclaim(List.of(uid), "job");
                client.addFlags(List.of(uid), Set.of(), Set.of("job"));
                assertTrue(client.claim(uid, "job"), "a keyword set by hand is held by no one");
                assertThrows(IllegalArgumentException.class, () -> client.claim(uid, "k".repeat(92)));
                assertThrows(EmailProtocolException.class, () -> client.unclaim(List.of(uid, uid + 100), "job"));
            });
        }
    }

    private static Set<String> keywordsOf(ImapClient client, long uid) {
        return client.listMessagesAfter(uid - 1, 1).get(0).keywords();
    }

    /** IDLE: a wait ends when another client adds a message, and after its time when nothing happens. */
    @Test
    void awaitingChangesEndsWhenMailArrivesAndAfterItsTimeWhenNothingDoes() throws Exception {
        ImapClientFactory watcher = imap();
        ImapClientFactory writer = imap();
        try (ImapClient client = watcher.getClient(AllocationMode.USE_MAIN)) {
            inNewFolder(client, folder -> {
                client.selectFolder(folder);
                assertEquals(false, client.awaitChanges(Duration.ofSeconds(1)), "nothing happened");
                ExecutorService other = Executors.newSingleThreadExecutor();
                try {
                    Future<?> appended = other.submit(() -> {
                        // Before or during the IDLE: either way the server tells of it (at once, or when IDLE starts).
                        try (ImapClient second = writer.getClient(AllocationMode.USE_MAIN)) {
                            second.appendMessage(folder, message(carol, carol, "pushed", "p"));
                        }
                        return null;
                    });
                    assertTrue(client.awaitChanges(Duration.ofSeconds(20)), "the server told of the new message");
                    appended.get();
                } finally {
                    other.shutdown();
                }
                assertEquals(List.of("pushed"), client.listMessages().stream().map(MessageInfo::subject).toList(),
                        "and the connection goes on");
            });
            assertThrows(IllegalArgumentException.class, () -> client.awaitChanges(Duration.ZERO));
        }
    }

    /**
     * New mail announced in the answer to a command other than a search (here a listing's NOOP) ends the next
     * wait at once: IDLE would not announce it again (measured: a delivery 10 s late, one IDLE refresh).
     */
    @Test
    void mailAnnouncedInAnyAnswerEndsTheNextWaitAtOnce() throws Exception {
        ImapClientFactory writer = imap();
        try (ImapClient client = imap().getClient(AllocationMode.USE_MAIN)) {
            inNewFolder(client, folder -> {
                long first = client.appendMessage(folder, message(carol, carol, "first", "f")).getAsLong();
                client.selectFolder(folder);
                assertEquals(List.of(first), client.searchUids(SearchQuery.all()));
                try (ImapClient second = writer.getClient(AllocationMode.USE_MAIN)) {
                    second.appendMessage(folder, message(carol, carol, "second", "s"));
                }
                assertEquals(2, client.listMessages().size(), "the listing (after a NOOP, whose answer announces it) has it");
                assertTheWaitEndsAtOnce(client);
            });
        }
    }

    /** News of one folder is not news of the next one the connection opens: that wait waits. */
    @Test
    void mailAnnouncedForAnotherFolderDoesNotEndAWaitOnThisOne() throws Exception {
        ImapClientFactory writer = imap();
        try (ImapClient client = imap().getClient(AllocationMode.USE_MAIN)) {
            inNewFolder(client, announced -> inNewFolder(client, quiet -> {
                client.selectFolder(announced);
                try (ImapClient second = writer.getClient(AllocationMode.USE_MAIN)) {
                    second.appendMessage(announced, message(carol, carol, "elsewhere", "e"));
                }
                assertEquals(1, client.listMessages().size(), "announced (EXISTS) in the answer to the listing's NOOP");
                client.selectFolder(quiet);
                assertEquals(false, client.awaitChanges(Duration.ofSeconds(1)), "nothing happened in this folder");
            }));
        }
    }

    /**
     * Mail that arrived after a search while the client's connection served another folder is in the
     * answer to the SELECT that opens the folder again for the wait, where nothing announces it: the
     * wait ends at once (measured before: the message waited for the IDLE refresh).
     */
    @Test
    void mailThatArrivedWhileTheConnectionServedAnotherFolderEndsTheWaitAtOnce() throws Exception {
        ImapClientFactory writer = imap();
        try (ImapClient client = imap().getClient(AllocationMode.USE_MAIN)) {
            inNewFolder(client, folder -> {
                client.selectFolder(folder);
                assertEquals(List.of(), client.searchUids(SearchQuery.all()));
                try (ImapClient second = writer.getClient(AllocationMode.USE_MAIN)) {
                    second.appendMessage(folder, message(carol, carol, "meanwhile", "m"));
                }
                EmailConnection other = client.createConnection();
                client.selectFolder(other, "INBOX"); // the same physical connection, now on INBOX
                other.close();
                assertTheWaitEndsAtOnce(client);
            });
        }
    }

    /** A wait of 60 s tells of new mail within 10 s: it was announced before, and no IDLE tells again. */
    private static void assertTheWaitEndsAtOnce(ImapClient client) throws Exception {
        ExecutorService waiter = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> wait = waiter.submit(() -> client.awaitChanges(Duration.ofSeconds(60)));
            assertEquals(true, wait.get(10, TimeUnit.SECONDS), "told of the new message, not after 60 s");
        } finally {
            waiter.shutdown();
        }
    }

    /** Another thread ends a wait at once; a stop asked before a wait ends that wait; the connection goes on. */
    @Test
    void anotherThreadEndsAWaitAtOnce() throws Exception {
        try (ImapClient client = imap().getClient(AllocationMode.USE_MAIN)) {
            inNewFolder(client, folder -> {
                client.selectFolder(folder);
                ExecutorService waiter = Executors.newSingleThreadExecutor();
                try {
                    CountDownLatch waiting = new CountDownLatch(1);
                    Future<Boolean> wait = waiter.submit(() -> {
                        waiting.countDown();
                        return client.awaitChanges(Duration.ofSeconds(60));
                    });
                    waiting.await();
                    client.stopAwaiting(); // maybe before the IDLE started: it ends at once then too
                    assertEquals(false, wait.get(10, TimeUnit.SECONDS), "ended, not after its 60 s");
                } finally {
                    waiter.shutdown();
                }
                client.stopAwaiting();
                assertEquals(false, client.awaitChanges(Duration.ofSeconds(60)), "asked before it, this wait ends at once");
                assertEquals(List.of(), client.searchUids(SearchQuery.all()), "the connection goes on");
            });
        }
    }

    private MimeMessage mail(String from, String subject, String text, String cc, LocalDate sent, String header, String value) {
        try {
            MimeMessage message = message(from, carol, subject, text);
            if (cc != null) {
                message.setRecipients(MimeMessage.RecipientType.CC, cc);
            }
            message.setSentDate(Date.from(sent.atTime(12, 0).atZone(ZoneId.systemDefault()).toInstant()));
            if (header != null) {
                message.setHeader(header, value);
            }
            message.setSubject(subject, "UTF-8");
            return message;
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
