package io.emailra.ra;

import io.emailra.api.AllocationMode;
import io.emailra.api.EmailProtocolException;
import io.emailra.api.FolderInfo;
import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.api.MessageFlag;
import io.emailra.api.MessageInfo;
import io.emailra.api.SearchQuery;
import io.emailra.ra.pool.NonManagedConnectionManager;
import io.emailra.testsupport.MailServers;
import io.emailra.testsupport.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.emailra.ra.MailServerExtension.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Changing many messages at once against the real Dovecot: flags and keywords, copy, move and delete
 * of a set of UIDs in one command each, rename and subscriptions; and the same on a server without
 * MOVE and UIDPLUS (Dovecot as clients connecting to 127.0.0.2 see it), where moves and deletes fall
 * back to COPY, STORE and EXPUNGE without touching other messages.
 */
class ImapBulkChangesIT {

    @RegisterExtension
    static final MailServerExtension POOLS = new MailServerExtension();
    private static final MailServers SERVERS = MailServers.load();
    private static TcpProxy full;
    private static TcpProxy limited;

    private final String dave = SERVERS.users().get(3);
    private final List<NonManagedConnectionManager> pools = new ArrayList<>();

    @BeforeAll
    static void proxies() throws IOException {
        full = new TcpProxy(12245, SERVERS.port("imap"));
        limited = new TcpProxy(12246, InetAddress.getByName("127.0.0.2"), SERVERS.port("imap"));
    }

    @AfterAll
    static void closeProxies() {
        full.close();
        limited.close();
    }

    @AfterEach
    void nothingLeftInUse() {
        pools.forEach(pool -> assertEquals(0, pool.activeCount(), "connections left in use"));
    }

    /** Through a proxy, in plain text (Dovecot allows it on loopback) so that the proxy can read the commands. */
    private ImapClientFactory imap(TcpProxy proxy) {
        ImapManagedConnectionFactory managed = RealServerFactories.configure(SERVERS, new ImapManagedConnectionFactory(),
                "imap", "NONE", dave);
        managed.setPort(proxy.port());
        NonManagedConnectionManager pool = POOLS.pool(managed, 1);
        pools.add(pool);
        return POOLS.clientFactory(managed, pool);
    }

    /** A source folder with n messages, and a target folder; both deleted afterwards. */
    private interface Folders {
        void run(String source, List<Long> uids, String target) throws Exception;
    }

    private static void withFolders(ImapClient client, String owner, int n, Folders work) throws Exception {
        String stem = "Bulk " + UUID.randomUUID().toString().substring(0, 8);
        client.createFolder(stem);
        client.createFolder(stem + " target");
        try {
            List<Long> uids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                uids.add(client.appendMessage(stem, message(owner, owner, "bulk " + i, "m" + i)).getAsLong());
            }
            client.selectFolder(stem);
            work.run(stem, uids, stem + " target");
        } finally {
            client.deleteFolder(stem + " target");
            client.deleteFolder(stem);
        }
    }

    private static List<String> commands(String requests) {
        return requests.lines().filter(line -> line.matches("\\S+ [A-Z].*")).map(line -> line.substring(line.indexOf(' ') + 1))
                .map(line -> line.replaceAll(" .*", "") + (line.startsWith("UID ") ? " " + line.split(" ")[1] : ""))
                .toList();
    }

    @Test
    void flagsKeywordsCopyMoveAndDeleteOfASetOfUidsAreOneCommandEach() throws Exception {
        try (ImapClient client = imap(full).getClient(AllocationMode.USE_MAIN)) {
            withFolders(client, dave, 5, (source, uids, target) -> {
                client.addFlags(uids.subList(0, 2), Set.of(MessageFlag.FLAGGED), Set.of("invoiced", "$Forwarded"));
                List<MessageInfo> listed = client.listMessages();
                assertEquals(Set.of(MessageFlag.FLAGGED), listed.get(0).flags());
                assertEquals(Set.of("invoiced", "$Forwarded"), listed.get(1).keywords());
                assertEquals(Set.of(), listed.get(2).keywords());
                assertEquals(uids.subList(0, 2), client.searchUids(SearchQuery.keyword("invoiced")));
                client.removeFlags(List.of(uids.get(0)), Set.of(), Set.of("invoiced"));
                assertEquals(List.of(uids.get(1)), client.searchUids(SearchQuery.keyword("invoiced")));

                EmailProtocolException missing = assertThrows(EmailProtocolException.class,
                        () -> client.addFlags(List.of(uids.get(2), 999_999L), Set.of(MessageFlag.SEEN), Set.of()));
                assertTrue(missing.getMessage().contains("no message with uid 999999"), missing.getMessage());
                assertEquals(Set.of(), client.listMessages().get(2).flags(), "nothing was changed");

                full.recordRequests();
                Map<Long, Long> copies = client.copyMessages(uids, target);
                assertEquals(Set.copyOf(uids), copies.keySet(), "UIDPLUS: every copy's UID");
                assertEquals(5, client.folderStatus(target).messages());
                Map<Long, Long> moved = client.moveMessages(uids.subList(3, 5), target);
                assertEquals(Set.copyOf(uids.subList(3, 5)), moved.keySet());
                client.deleteMessage(uids.get(2)); // marked deleted, not expunged: deleteMessages must not take it
                client.deleteMessages(uids.subList(0, 2));
                List<String> sent = commands(full.requests());
                assertEquals(1, Collections.frequency(sent, "UID COPY"), sent.toString());
                assertEquals(1, Collections.frequency(sent, "UID MOVE"), "one command for the set: " + sent);
                assertEquals(1, Collections.frequency(sent, "UID EXPUNGE"), "these messages only: " + sent);
                assertEquals(List.of(uids.get(2)), client.listMessages().stream().map(MessageInfo::uid).toList(),
                        "the message marked deleted by another operation stays until commitDeletes");
                assertEquals(7, client.folderStatus(target).messages());
            });
        }
    }

    @Test
    void withoutMoveAndUidplusMovesAndDeletesFallBackWithoutTouchingOtherMessages() throws Exception {
        try (ImapClient client = imap(limited).getClient(AllocationMode.USE_MAIN)) {
            withFolders(client, dave, 4, (source, uids, target) -> {
                limited.recordRequests();
                client.moveMessages(uids.subList(0, 2), target);
                List<String> sent = commands(limited.requests());
                assertTrue(sent.containsAll(List.of("UID COPY", "UID STORE", "EXPUNGE")), sent.toString());
                assertFalse(sent.contains("UID MOVE"), sent.toString());
                assertFalse(sent.contains("UID EXPUNGE"), sent.toString());
                assertEquals(uids.subList(2, 4), client.listMessages().stream().map(MessageInfo::uid).toList(),
                        "copied, marked deleted and expunged: EXPUNGE took only those");
                assertEquals(2, client.folderStatus(target).messages());

                client.deleteMessage(uids.get(2));
                client.deleteMessages(List.of(uids.get(3)));
                List<MessageInfo> left = client.listMessages();
                assertEquals(uids.subList(2, 4), left.stream().map(MessageInfo::uid).toList(),
                        "another message is marked deleted: EXPUNGE would take it too, so both wait for commitDeletes");
                assertTrue(left.stream().allMatch(m -> m.flags().contains(MessageFlag.DELETED)), left.toString());
                client.commitDeletes();
                assertEquals(List.of(), client.listMessages());
            });
        }
    }

    @Test
    void renameAndSubscriptions() {
        String name = "Rename " + UUID.randomUUID().toString().substring(0, 8);
        try (ImapClient client = imap(full).getClient(AllocationMode.USE_MAIN)) {
            client.createFolder(name);
            client.appendMessage(name, message(dave, dave, "kept", "k"));
            client.selectFolder(name);
            FolderInfo renamed = client.renameFolder(name, name + " new");
            assertEquals(name + " new", renamed.fullName());
            assertThrows(IllegalStateException.class, client::listMessages, "the old selection is gone");
            assertEquals(1, client.folderStatus(name + " new").messages());
            EmailProtocolException gone = assertThrows(EmailProtocolException.class, () -> client.renameFolder(name, name + " x"));
            assertTrue(gone.getMessage().contains("no folder '" + name + "'"), gone.getMessage());
            client.subscribe(name + " new");
            client.unsubscribe(name + " new");
            client.deleteFolder(name + " new");
            assertThrows(IllegalArgumentException.class, () -> client.renameFolder(name, "a\r\nb"));
            assertThrows(IllegalArgumentException.class, () -> client.addFlags(List.of(1L), Set.of(), Set.of("two words")));
            assertThrows(IllegalArgumentException.class, () -> client.addFlags(List.of(1L), Set.of(), Set.of("\\Seen")));
            assertThrows(IllegalArgumentException.class, () -> client.addFlags(List.of(), Set.of(MessageFlag.SEEN), Set.of()));
            assertThrows(IllegalArgumentException.class, () -> client.addFlags(List.of(1L), Set.of(), Set.of()));
            assertThrows(IllegalArgumentException.class, () -> client.deleteMessages(List.of(0L)));
        }
    }
}
