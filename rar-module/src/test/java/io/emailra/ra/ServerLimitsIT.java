package io.emailra.ra;

import io.emailra.api.AllocationMode;
import io.emailra.api.EmailConnection;
import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.api.MessageFlag;
import io.emailra.ra.pool.NonManagedConnectionManager;
import io.emailra.ra.pool.PoolSettings;
import io.emailra.testsupport.Crowd;
import io.emailra.testsupport.MailServers;
import io.emailra.testsupport.TcpProxy;
import jakarta.mail.MessagingException;
import jakarta.resource.spi.InvalidPropertyException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.emailra.ra.MailServerExtension.inNewFolder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * R14–R16 on the non-managed path against Dovecot as it ships (10 connections per user and IP):
 * logical connections hold physical ones only while an operation runs, a selection needs no new
 * SELECT when uncontended, and the server's limit becomes a cap per user that operations wait for.
 */
class ServerLimitsIT {

    @RegisterExtension
    static final MailServerExtension POOLS = new MailServerExtension();
    private static final MailServers SERVERS = MailServers.load();
    private static final int DOVECOT_LIMIT = 10;
    private static TcpProxy proxy;

    @BeforeAll
    static void proxy() throws IOException {
        proxy = new TcpProxy(13143, SERVERS.port("imap"));
    }

    @AfterAll
    static void closeProxy() {
        proxy.close();
    }

    private static ImapManagedConnectionFactory throughProxy(String user) {
        ImapManagedConnectionFactory managed = RealServerFactories.configure(SERVERS, new ImapManagedConnectionFactory(),
                "imap", "NONE", user);
        managed.setPort(proxy.port());
        managed.setValidateAfterIdleMillis(600_000); // a pause on a busy machine adds no NOOP to the commands counted
        return managed;
    }

    /**
     * A thousand threads, each with a default connection of its own on one USE_DEFAULT client, on a
     * pool of 32: every operation completes, and never more than Dovecot's ten connections are open.
     */
    @Test
    void aThousandThreadsWithTheirOwnDefaultConnectionsCompleteWithinTheServersLimit() throws Exception {
        String carol = SERVERS.users().get(2);
        ImapManagedConnectionFactory managed = throughProxy(carol);
        NonManagedConnectionManager pool = new NonManagedConnectionManager(managed,
                new PoolSettings(32, Duration.ofSeconds(60), Duration.ofMinutes(5)));
        ImapClientFactory imap = POOLS.clientFactory(managed, pool);
        int threads = 1_000;
        Set<String> connections = ConcurrentHashMap.newKeySet();
        AtomicInteger mostSignedOn = new AtomicInteger();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                mostSignedOn.accumulateAndGet(managed.openConnections(carol), Math::max);
                LockSupport.parkNanos(200_000); // not a spin: the crowd needs both cores
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        AtomicReference<Crowd.Outcome> outcome = new AtomicReference<>();
        try (ImapClient client = imap.getClient(AllocationMode.USE_DEFAULT)) {
            // A small folder of its own: carol's INBOX grows with every soak and benchmark run.
            inNewFolder(client, folder -> outcome.set(Crowd.run(threads, Duration.ofMinutes(2), index -> {
                connections.add(client.currentConnection().id());
                client.selectFolder(folder);
                client.noop();
            })));
        } finally {
            sampler.interrupt();
            pool.close();
        }
        assertEquals(List.of(), outcome.get().failures());
        assertEquals(threads, outcome.get().completed());
        assertEquals(threads, connections.size(), "each thread had a default connection of its own");
        assertTrue(mostSignedOn.get() <= DOVECOT_LIMIT, "signed on at once: " + mostSignedOn.get());
        int cap = managed.caps().of(carol).limit();
        assertTrue(cap >= 1 && cap <= DOVECOT_LIMIT, "learned cap " + cap);
    }

    /** Two users through one factory: one user's limit caps that user only. */
    @Test
    void eachUserGetsACapOfItsOwn() throws Exception {
        String alice = SERVERS.users().get(0);
        String bob = SERVERS.users().get(1);
        ImapManagedConnectionFactory managed = RealServerFactories.configure(SERVERS, new ImapManagedConnectionFactory(),
                "imap", "STARTTLS", null);
        // A wait long enough for alice's refused sign-ons, one after another, on a loaded machine.
        NonManagedConnectionManager pool = new NonManagedConnectionManager(managed,
                new PoolSettings(16, Duration.ofSeconds(30), Duration.ofMinutes(5)));
        ImapClientFactory imap = POOLS.clientFactory(managed, pool);
        try (AnotherApplication anotherApplication = AnotherApplication.takingEveryPlace(SERVERS, alice)) {
            anotherApplication.leaveOnePlace();
            Crowd.Outcome outcome;
            try (ImapClient asAlice = imap.getClient(AllocationMode.USE_DEFAULT, alice, MailServers.password(alice));
                 ImapClient asBob = imap.getClient(AllocationMode.USE_DEFAULT, bob, MailServers.password(bob))) {
                outcome = Crowd.run(16, Duration.ofMinutes(1), index -> {
                    ImapClient client = index % 2 == 0 ? asAlice : asBob;
                    for (int round = 0; round < 5; round++) {
                        client.selectFolder("INBOX");
                        client.noop();
                    }
                });
            }
            assertEquals(List.of(), outcome.failures());
            assertEquals(16, outcome.completed());
            assertEquals(1, managed.caps().of(alice).limit(), "alice has one connection left at the server");
            assertEquals(Integer.MAX_VALUE, managed.caps().of(bob).limit(), "bob was never refused");
        } finally {
            pool.close();
        }
    }

    /** R14 and R15: no physical connection between operations, and no new SELECT when nothing competes. */
    @Test
    void anUncontendedSelectionIsNotSelectedAgainAndNoConnectionIsHeldBetweenOperations() {
        String bob = SERVERS.users().get(1);
        ImapManagedConnectionFactory managed = throughProxy(bob);
        NonManagedConnectionManager pool = POOLS.pool(managed, 4);
        ImapClientFactory imap = POOLS.clientFactory(managed, pool);
        try (ImapClient client = imap.getClient(AllocationMode.USE_MAIN)) {
            EmailConnection other = client.createConnection();
            assertEquals(0, pool.activeCount() + pool.idleCount(), "R14: creating connections opened nothing");
            proxy.recordRequests();
            client.selectFolder("INBOX");
            for (int i = 0; i < 5; i++) {
                client.listMessages(0, 1);
                client.noop();
                assertEquals(0, pool.activeCount(), "R14: no physical connection held between operations");
            }
            assertEquals(1, selects(proxy.requests()), "R15: selected once, then used where it stayed open");

            client.selectFolder(other, "INBOX");
            client.listMessages(0, 1);
            assertEquals(1, pool.activeCount() + pool.idleCount(), "two logical connections, one physical");
        }
        assertEquals(0, pool.activeCount());
    }

    /**
     * With physical connections shared, most connections have not seen the UID an operation names: a
     * fetch is still one command (no UID lookup, envelope or partial fetches first), leaves \Seen
     * alone, and marks the message \Seen as Angus does only where {@code mail.imap.peek=false} says so.
     */
    @Test
    void aFetchIsOneCommandOnAConnectionThatNeverSawTheUidAndMarksSeenOnlyWhenConfigured() {
        String dave = SERVERS.users().get(3);
        ImapManagedConnectionFactory managed = throughProxy(dave);
        NonManagedConnectionManager pool = POOLS.pool(managed, 2);
        ImapClientFactory imap = POOLS.clientFactory(managed, pool);
        ImapManagedConnectionFactory marking = throughProxy(dave);
        marking.setMailProperties("mail.imap.peek=false");
        ImapClientFactory marker = POOLS.clientFactory(marking, POOLS.pool(marking, 1));
        String folder = "Fetch " + UUID.randomUUID().toString().substring(0, 8);
        try (ImapClient client = imap.getClient(AllocationMode.USE_MAIN)) {
            client.createFolder(folder);
            try {
                long first = client.appendMessage(folder, MailServerExtension.message(dave, dave, "first", "one")).getAsLong();
                long second = client.appendMessage(folder, MailServerExtension.message(dave, dave, "second", "two")).getAsLong();
                try (ImapClient reader = marker.getClient(AllocationMode.USE_MAIN)) {
                    reader.selectFolder(folder);
                    proxy.recordRequests();
                    assertEquals("second", reader.fetchMessage(second).getSubject());
                    assertEquals(List.of("UID FETCH " + second + " (BODY[])"), commands(proxy.requests()),
                            "one command, on a connection that had not seen the UID");
                }
                client.selectFolder(folder);
                proxy.recordRequests();
                assertEquals("first", client.fetchMessage(first).getSubject());
                assertEquals(List.of("UID FETCH " + first + " (BODY.PEEK[])"), commands(proxy.requests()));
                Map<String, Set<MessageFlag>> flags = new HashMap<>();
                client.listMessages().forEach(m -> flags.put(m.subject(), m.flags()));
                assertEquals(Set.of(), flags.get("first"), "fetched: still unseen");
                assertEquals(Set.of(MessageFlag.SEEN), flags.get("second"), "fetched with mail.imap.peek=false: seen");
            } finally {
                client.deleteFolder(folder);
            }
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
        assertEquals(0, pool.activeCount());
    }

    /** The commands in what a client sent, without their tags. */
    private static List<String> commands(String requests) {
        return requests.lines().filter(line -> line.matches("\\S+ [A-Z].*")).map(line -> line.substring(line.indexOf(' ') + 1))
                .toList();
    }

    @Test
    void maxConnectionsPerUserOutsideItsRangeIsAConfigurationError() {
        ImapManagedConnectionFactory managed = throughProxy(SERVERS.users().get(1));
        managed.setMaxConnectionsPerUser(0);
        InvalidPropertyException below = assertThrows(InvalidPropertyException.class, managed::createConnectionFactory);
        assertTrue(below.getMessage().contains("'maxConnectionsPerUser'") && below.getMessage().contains("'0'"),
                below.getMessage());
        managed.setMaxConnectionsPerUser(9);
        InvalidPropertyException above = assertThrows(InvalidPropertyException.class, () -> managed.createConnectionFactory(
                new NonManagedConnectionManager(managed, new PoolSettings(8, Duration.ofSeconds(1), Duration.ofMinutes(1)))));
        assertTrue(above.getMessage().contains("'maxConnectionsPerUser'") && above.getMessage().contains("1 to 8"),
                above.getMessage());
        managed.setMaxConnectionsPerUser(2);
        assertEquals(2, managed.caps().of("anyone").limit(), "set up front");
    }

    private static int selects(String requests) {
        Matcher select = Pattern.compile("(?m)^\\S+ SELECT ").matcher(requests);
        int count = 0;
        while (select.find()) {
            count++;
        }
        return count;
    }
}
