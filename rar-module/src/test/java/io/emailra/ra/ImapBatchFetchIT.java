package io.emailra.ra;

import io.emailra.api.AllocationMode;
import io.emailra.api.EmailException;
import io.emailra.api.EmailProtocolException;
import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.api.MessageInfo;
import io.emailra.api.MessageSink;
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

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static io.emailra.ra.MailServerExtension.inNewFolder;
import static io.emailra.ra.MailServerExtension.message;
import static io.emailra.ra.MailServerExtension.withAttachment;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many whole messages in few commands against the real Dovecot ({@code fetchMessages}): the same
 * bytes as one fetch each, in the order asked, \Seen left alone; the commands counted through a proxy
 * in plain text (also those of a page of summaries); a message larger than a command's bound streamed
 * alone; missing UIDs refused before anything is handed on; a sink that fails leaves no connection
 * half-read.
 */
class ImapBatchFetchIT {

    @RegisterExtension
    static final MailServerExtension POOLS = new MailServerExtension();
    private static final MailServers SERVERS = MailServers.load();
    private static TcpProxy proxy;

    private final String carol = SERVERS.users().get(2);
    private final String dave = SERVERS.users().get(3);
    private final List<NonManagedConnectionManager> pools = new ArrayList<>();

    @BeforeAll
    static void startProxy() throws IOException {
        proxy = new TcpProxy(12247, SERVERS.port("imap"));
    }

    @AfterAll
    static void closeProxy() {
        proxy.close();
    }

    @AfterEach
    void nothingLeftInUse() {
        pools.forEach(pool -> assertEquals(0, pool.activeCount(), "connections left in use"));
        pools.forEach(NonManagedConnectionManager::close); // idle connections count against Dovecot's ten per user too
        pools.clear();
    }

    /** One connection for the user, over STARTTLS, or in plain text through the proxy (Dovecot allows it on loopback). */
    private ImapClient client(String user, boolean throughProxy) {
        ImapManagedConnectionFactory managed = RealServerFactories.configure(SERVERS, new ImapManagedConnectionFactory(),
                "imap", throughProxy ? "NONE" : "STARTTLS", user);
        if (throughProxy) {
            managed.setPort(proxy.port());
            managed.setValidateAfterIdleMillis(600_000); // a pause on a busy machine adds no NOOP to the commands counted
        }
        NonManagedConnectionManager pool = POOLS.pool(managed, 1);
        pools.add(pool);
        return POOLS.<ImapClientFactory>clientFactory(managed, pool).getClient(AllocationMode.USE_MAIN);
    }

    /** Appends n small messages of the user's to the folder and selects it: their UIDs. */
    private static List<Long> appendSmall(ImapClient client, String user, String folder, int n) {
        List<Long> uids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            uids.add(client.appendMessage(folder, message(user, user, "batch " + i, "message " + i)).getAsLong());
        }
        client.selectFolder(folder);
        return uids;
    }

    /** A sink that keeps what it receives, in order. */
    private static final class Keeper implements MessageSink {
        final List<Long> uids = new ArrayList<>();
        final List<byte[]> contents = new ArrayList<>();

        @Override
        public void accept(long uid, InputStream content) throws IOException {
            uids.add(uid);
            contents.add(content.readAllBytes());
        }
    }

    private static byte[] raw(ImapClient client, long uid) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        client.fetchMessage(uid, out);
        return out.toByteArray();
    }

    private static byte[] written(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    /** The UID FETCH commands sent since the proxy's recording started, as their item lists ({@code (BODY.PEEK[])}). */
    private static List<String> uidFetches() {
        return proxy.requests().lines().filter(line -> line.matches("\\S+ UID FETCH .*"))
                .map(line -> line.substring(line.lastIndexOf(" ("))).map(String::strip).toList();
    }

    /** Whether a connection signed on since the recording started: a new one replaced the one in use. */
    private static boolean signedOnAgain() {
        return proxy.requests().lines().anyMatch(line -> line.matches("\\S+ (LOGIN|AUTHENTICATE) .*"));
    }

    @Test
    void aBatchHasTheBytesOfSingleFetchesInTheOrderAskedAndLeavesSeenAlone() throws Exception {
        byte[] attachment = new byte[3 * 1024 * 1024];
        new Random(17).nextBytes(attachment);
        try (ImapClient client = client(carol, false)) {
            inNewFolder(client, folder -> {
                List<Long> uids = new ArrayList<>(appendSmall(client, carol, folder, 29));
                uids.add(client.appendMessage(folder, withAttachment(carol, attachment, "large.pdf")).getAsLong());
                List<Long> asked = new ArrayList<>(uids);
                Collections.shuffle(asked, new Random(5));

                List<MimeMessage> fetched = client.fetchMessages(asked);
                Keeper streamed = new Keeper();
                client.fetchMessages(asked, streamed);

                assertEquals(0, pools.get(0).activeCount(), "no connection held between operations");
                assertEquals(asked, streamed.uids, "streamed in the order asked");
                assertEquals(asked.size(), fetched.size());
                for (int i = 0; i < asked.size(); i++) {
                    long uid = asked.get(i);
                    assertArrayEquals(written(client.fetchMessage(uid)), written(fetched.get(i)), "message uid " + uid);
                    assertArrayEquals(raw(client, uid), streamed.contents.get(i), "message uid " + uid + ", streamed");
                }
                assertTrue(client.listMessages().stream().allMatch(m -> m.flags().isEmpty()), "no fetch set \\Seen");
            });
        }
    }

    @Test
    void aHundredMessagesAreTwoUidFetchesNotAHundredAndAPageOfSummariesIsOneFetch() throws Exception {
        try (ImapClient client = client(dave, true)) {
            inNewFolder(client, folder -> {
                List<Long> uids = appendSmall(client, dave, folder, 100);
                List<Long> asked = new ArrayList<>(uids);
                Collections.reverse(asked);

                proxy.recordRequests();
                List<MimeMessage> fetched = client.fetchMessages(asked);
                assertEquals("batch 99", fetched.get(0).getSubject());
                assertEquals(List.of("(RFC822.SIZE)", "(BODY.PEEK[])"), uidFetches(), "the sizes, then every message");
                proxy.recordRequests();
                client.fetchMessages(asked, (uid, content) -> content.transferTo(OutputStream.nullOutputStream()));
                assertEquals(List.of("(RFC822.SIZE)", "(BODY.PEEK[])"), uidFetches(), "streamed: the same commands");
                proxy.recordRequests();
                asked.forEach(client::fetchMessage);
                assertEquals(100, uidFetches().size(), "what the batch spares: one command per message");

                client.selectFolder(folder); // afresh, each time: nothing of the folder cached on the connection
                proxy.recordRequests();
                List<MessageInfo> page = client.listMessages(20, 50);
                List<String> pageCommands = commands();
                client.selectFolder(folder);
                proxy.recordRequests();
                List<MessageInfo> after = client.listMessagesAfter(uids.get(19), 50);
                List<String> afterCommands = commands();
                assertEquals(page, after, "the same page by offset and by UID");
                // Summaries and flags of the page's 50 messages in one FETCH, not one command per message.
                assertEquals(List.of("NOOP", "FETCH"), pageCommands, "by offset: news of the folder, then the page");
                assertEquals(List.of("UID SEARCH", "UID FETCH", "FETCH"), afterCommands,
                        "by UID: the UIDs, Angus's lookup of their sequence numbers, then the page");
            });
        }
    }

    /** The commands recorded, by verb ({@code UID} with the next word). */
    private static List<String> commands() {
        return proxy.requests().lines().filter(line -> line.matches("\\S+ [A-Z].*"))
                .map(line -> line.split(" ")).map(words -> words[1].equals("UID") ? "UID " + words[2] : words[1]).toList();
    }

    @Test
    void missingUidsAreNamedBeforeAnythingIsHandedOnAndArgumentsAreChecked() throws Exception {
        try (ImapClient client = client(dave, true)) {
            inNewFolder(client, folder -> {
                List<Long> uids = appendSmall(client, dave, folder, 3);
                EmailProtocolException missing = assertThrows(EmailProtocolException.class,
                        () -> client.fetchMessages(List.of(uids.get(0), 999_999L, uids.get(1), 999_998L)));
                assertTrue(missing.getMessage().contains("no message with uid [999998, 999999]"), missing.getMessage());
                Keeper keeper = new Keeper();
                EmailProtocolException one = assertThrows(EmailProtocolException.class,
                        () -> client.fetchMessages(List.of(uids.get(0), 999_999L), keeper));
                assertTrue(one.getMessage().contains("no message with uid 999999"), one.getMessage());
                assertEquals(List.of(), keeper.uids, "nothing handed on");

                IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> client.fetchMessages(List.of()));
                assertTrue(empty.getMessage().contains("uids"), empty.getMessage());
                assertThrows(IllegalArgumentException.class, () -> client.fetchMessages(List.of(0L), keeper));
                assertThrows(NullPointerException.class, () -> client.fetchMessages(Collections.singletonList(null)));
                assertThrows(NullPointerException.class, () -> client.fetchMessages(uids, null));

                List<MimeMessage> twice = client.fetchMessages(List.of(uids.get(2), uids.get(2)));
                assertEquals(2, twice.size(), "a UID asked twice comes twice");
                assertEquals("batch 2", twice.get(1).getSubject());
            });
        }
    }

    @Test
    void aMessageLargerThanTheBoundStreamsAloneAndAFailingSinkLeavesTheConnectionUsable() throws Exception {
        byte[] attachment = new byte[6_500_000]; // base64: about 8.9 MB, more than a command's 8 MB
        new Random(23).nextBytes(attachment);
        try (ImapClient client = client(dave, true)) {
            inNewFolder(client, folder -> {
                long before = client.appendMessage(folder, message(dave, dave, "before", "small")).getAsLong();
                long large = client.appendMessage(folder, withAttachment(dave, attachment, "large.pdf")).getAsLong();
                long after = client.appendMessage(folder, message(dave, dave, "after", "small")).getAsLong();
                client.selectFolder(folder);
                long size = client.listMessages().get(1).size();

                proxy.recordRequests();
                Keeper keeper = new Keeper();
                client.fetchMessages(List.of(after, large, before), keeper);
                assertEquals(List.of(after, large, before), keeper.uids);
                List<String> fetches = uidFetches();
                assertEquals(2, Collections.frequency(fetches, "(BODY.PEEK[])"), "one each side of the large one: " + fetches);
                assertEquals(size / (256 * 1024) + 1, fetches.stream().filter(items -> items.startsWith("(BODY.PEEK[]<")).count(),
                        "the large one in chunks of 256 KB");
                assertArrayEquals(raw(client, large), keeper.contents.get(1));

                proxy.recordRequests();
                EmailException midway = assertThrows(EmailException.class, () -> client.fetchMessages(List.of(large, after),
                        (uid, content) -> {
                            content.readNBytes(300_000);
                            throw new IOException("archive full");
                        }));
                assertTrue(midway.getMessage().contains("archive full"), midway.getMessage());
                EmailException between = assertThrows(EmailException.class, () -> client.fetchMessages(List.of(before, after),
                        (uid, content) -> {
                            throw new IOException("archive full");
                        }));
                assertTrue(between.getMessage().contains("the mail connection stays usable"), between.getMessage());
                assertEquals(3, client.listMessages().size(), "the same connection goes on");
                assertFalse(signedOnAgain(), "no connection was replaced: " + commands());

                // Not the caller's IOException: emailra drops the connection, as after any unknown failure.
                UncheckedIOException unchecked = new UncheckedIOException(new IOException("parser broke"));
                assertEquals(unchecked, assertThrows(UncheckedIOException.class,
                        () -> client.fetchMessages(List.of(before), (uid, content) -> {
                            throw unchecked;
                        })), "the sink's own exception");
                assertEquals(Set.of(before, large, after), Set.copyOf(client.searchUids(SearchQuery.all())),
                        "the next operation runs");
                assertTrue(signedOnAgain(), "on a new connection: " + commands());
            });
        }
    }
}
