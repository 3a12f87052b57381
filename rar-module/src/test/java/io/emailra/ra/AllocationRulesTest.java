package io.emailra.ra;

import com.icegreen.greenmail.user.GreenMailUser;
import io.emailra.api.AllocationMode;
import io.emailra.api.EmailConnection.Kind;
import io.emailra.api.EmailConnection;
import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.api.MessageInfo;
import io.emailra.ra.pool.NonManagedConnectionManager;
import io.emailra.testsupport.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;


import static io.emailra.ra.MailServerExtension.message;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The connection rules R1–R8 and R10 on the non-managed path, against GreenMail's IMAP. */
class AllocationRulesTest {

    @RegisterExtension
    static final MailServerExtension MAIL = new MailServerExtension();

    private String user;
    private NonManagedConnectionManager pool;
    private ImapClientFactory factory;

    @BeforeEach
    void setUp() throws Exception {
        user = MAIL.newUser();
        ImapManagedConnectionFactory managed = MAIL.configure(new ImapManagedConnectionFactory(), user);
        NonManagedConnectionManager made = MAIL.pool(managed, 8);
        Object[] used = prepare(managed, MAIL.clientFactory(managed, made), made);
        factory = (ImapClientFactory) used[0];
        pool = (NonManagedConnectionManager) used[1];
        GreenMailUser mailbox = MAIL.greenMail().getUserManager().getUser(user);
        MAIL.greenMail().getManagers().getImapHostManager().createMailbox(mailbox, "Archive");
        try (ImapClient setup = factory.getClient()) {
            setup.appendMessage("INBOX", message(user, user, "in inbox", "1"));
            setup.appendMessage("Archive", message(user, user, "in archive", "2"));
        }
    }

    /**
     * The client factory and its pool the tests run against: here the ones just made over
     * {@code managed}; a subclass may pass them through something first (serialization, …).
     */
    protected Object[] prepare(ImapManagedConnectionFactory managed, ImapClientFactory factory,
                               NonManagedConnectionManager pool) throws Exception {
        return new Object[]{factory, pool};
    }

    @AfterEach
    void everyConnectionIsBackInThePool() {
        assertEquals(0, pool.activeCount(), "connections still in use after the test");
    }

    @Test
    void r1MainConnectionLivesWithItsClientAndCannotBeClosedByTheUser() {
        ImapClient client = factory.getClient(AllocationMode.USE_MAIN_OR_DEFAULT);
        assertEquals(0, pool.activeCount(), "R14: the main connection holds no physical connection before it is used");
        EmailConnection main = client.currentConnection();
        assertEquals(Kind.MAIN, main.kind());
        assertThrows(IllegalStateException.class, main::close);
        assertTrue(!main.isClosed());
        client.noop();
        assertEquals(0, pool.activeCount(), "R14: nor after its operation");
        client.close();
        assertTrue(main.isClosed());

        try (ImapClient defaultsOnly = factory.getClient(AllocationMode.USE_DEFAULT)) {
            assertEquals(0, pool.activeCount(), "USE_DEFAULT never allocates a main connection");
            assertEquals(Kind.DEFAULT, defaultsOnly.currentConnection().kind());
        }
    }

    @Test
    void r2AtMostOneDefaultConnectionPerThreadAndClosingUnbindsIt() throws Exception {
        try (ImapClient client = factory.getClient(AllocationMode.USE_MAIN_OR_DEFAULT)) {
            EmailConnection main = client.currentConnection();
            EmailConnection byDefault = client.createConnection(true);
            assertEquals(Kind.DEFAULT, byDefault.kind());
            assertSame(byDefault, client.currentConnection());
            IllegalStateException second = assertThrows(IllegalStateException.class, () -> client.createConnection(true));
            assertTrue(second.getMessage().contains(byDefault.id()), second.getMessage());
            assertSame(main, onOtherThread(client::currentConnection), "another thread does not see this thread's default");
            byDefault.close();
            byDefault.close();
            assertTrue(byDefault.isClosed());
            assertSame(main, client.currentConnection(), "closing the default connection unbinds it");
            assertEquals(Kind.DEFAULT, client.createConnection(true).kind(), "a new one can be created after closing");
        }
    }

    @Test
    void r3IndependentConnectionsInEveryModeUsedOnlyWhenPassed() {
        for (AllocationMode mode : AllocationMode.values()) {
            try (ImapClient client = factory.getClient(mode)) {
                EmailConnection first = client.createConnection();
                EmailConnection second = client.createConnection(false);
                assertAll(
                        () -> assertEquals(Kind.INDEPENDENT, first.kind()),
                        () -> assertEquals(Kind.INDEPENDENT, second.kind()),
                        () -> assertNotEquals(first.id(), second.id()),
                        () -> assertNotEquals(first, client.currentConnection()),
                        () -> assertNotEquals(second, client.currentConnection()));
                client.selectFolder(first, "Archive");
                assertEquals(List.of("in archive"), subjects(client.listMessages(first)));
                assertEquals(0, pool.activeCount(), mode + ": R14, no physical connection held between operations");
                first.close();
                assertTrue(first.isClosed());
                assertThrows(IllegalStateException.class, () -> client.listMessages(first), mode + ": closed for good");
                client.noop(second);
            }
        }
    }

    @Test
    void r4ClosingTheClientReleasesEverythingAndIsFinal() {
        ImapClient client = factory.getClient(AllocationMode.USE_MAIN_OR_DEFAULT);
        EmailConnection main = client.currentConnection();
        EmailConnection byDefault = client.createConnection(true);
        EmailConnection independent = client.createConnection();
        client.noop(independent);
        assertEquals(0, pool.activeCount(), "R14: three logical connections, no physical one held");
        client.close();
        client.close();
        assertAll(
                () -> assertEquals(0, pool.activeCount()),
                () -> assertTrue(client.isClosed()),
                () -> assertTrue(main.isClosed()),
                () -> assertTrue(byDefault.isClosed()),
                () -> assertTrue(independent.isClosed()),
                () -> assertThrows(IllegalStateException.class, client::listFolders),
                () -> assertThrows(IllegalStateException.class, () -> client.listFolders(independent)),
                () -> assertThrows(IllegalStateException.class, client::createConnection),
                () -> assertThrows(IllegalStateException.class, client::currentConnection));
    }

    @Test
    void r5ExplicitConnectionWinsAndForeignOrClosedOnesAreRejected() {
        try (ImapClient client = factory.getClient(AllocationMode.USE_MAIN);
             ImapClient other = factory.getClient(AllocationMode.USE_MAIN)) {
            EmailConnection mine = client.createConnection();
            client.selectFolder("INBOX");
            client.selectFolder(mine, "Archive");
            assertEquals(List.of("in inbox"), subjects(client.listMessages()));
            assertEquals(List.of("in archive"), subjects(client.listMessages(mine)));

            EmailConnection foreign = other.createConnection();
            IllegalArgumentException wrongClient = assertThrows(IllegalArgumentException.class,
                    () -> client.selectFolder(foreign, "INBOX"));
            assertTrue(wrongClient.getMessage().contains(foreign.id()));
            mine.close();
            assertThrows(IllegalStateException.class, () -> client.listMessages(mine));
            assertThrows(NullPointerException.class, () -> client.listMessages((EmailConnection) null));
        }
    }

    @Test
    void r6MainOrDefaultUsesTheThreadsDefaultElseMain() throws Exception {
        try (ImapClient client = factory.getClient(AllocationMode.USE_MAIN_OR_DEFAULT)) {
            client.selectFolder("INBOX");
            client.createConnection(true);
            client.selectFolder("Archive");
            assertEquals(List.of("in archive"), subjects(client.listMessages()), "this thread runs on its default");
            assertEquals(List.of("in inbox"), subjects(onOtherThread(client::listMessages)), "others run on main");
        }
    }

    @Test
    void r7UseMainAlwaysUsesMainAndHasNoDefaults() throws Exception {
        try (ImapClient client = factory.getClient(AllocationMode.USE_MAIN)) {
            EmailConnection main = client.currentConnection();
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> client.createConnection(true));
            assertTrue(refused.getMessage().contains("not available in USE_MAIN"), refused.getMessage());
            client.selectFolder("Archive");
            assertSame(main, onOtherThread(client::currentConnection));
            assertEquals(List.of("in archive"), subjects(onOtherThread(client::listMessages)));
            assertEquals(0, pool.activeCount());
        }
    }

    @Test
    void r8UseDefaultCreatesOneDefaultPerThreadAutomatically() throws Exception {
        try (ImapClient client = factory.getClient(AllocationMode.USE_DEFAULT)) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> client.createConnection(true));
            assertTrue(refused.getMessage().contains("created automatically"), refused.getMessage());
            client.selectFolder("Archive");
            EmailConnection mine = client.currentConnection();
            assertEquals(Kind.DEFAULT, mine.kind());
            assertSame(mine, client.currentConnection());
            EmailConnection theirs = onOtherThread(client::currentConnection);
            assertNotEquals(mine, theirs);
            assertThrows(IllegalStateException.class, () -> onOtherThread(client::listMessages),
                    "another thread's default has no folder selected");
            assertEquals(List.of("in archive"), subjects(client.listMessages()));
        }
    }

    @Test
    void r10ThreadBoundDefaultIsReleasedOnceItsThreadEnded() throws Exception {
        try (ImapClient client = factory.getClient(AllocationMode.USE_DEFAULT)) {
            EmailConnection ended = onOtherThread(client::currentConnection);
            assertFalse(ended.isClosed(), "held by the ended thread until the client notices");
            EmailConnection mine = client.currentConnection();
            assertTrue(ended.isClosed(), "released when the next default connection was bound");
            assertEquals(0, pool.activeCount());
            assertNotEquals(ended.id(), mine.id());
        }
    }

    @Test
    void anIndependentConnectionLeftOpenIsReleasedWithItsClientAndReportedOnceWithWhereItWasCreated() {
        try (LogCapture log = LogCapture.of("io.emailra.ra.logical.ConnectionAllocator")) {
            ImapClient client = factory.getClient(AllocationMode.USE_MAIN);
            EmailConnection forgotten = client.createConnection();
            client.createConnection().close();
            client.close();
            client.close();
            assertTrue(forgotten.isClosed());
            List<LogRecord> reports = log.records();
            assertEquals(1, reports.size(), "one report, for the one connection left open");
            LogRecord report = reports.get(0);
            assertEquals(Level.WARNING, report.getLevel());
            assertTrue(report.getMessage().contains(forgotten.id()), report.getMessage());
            assertTrue(List.of(report.getThrown().getStackTrace()).stream().anyMatch(frame -> frame.getMethodName()
                    .equals("anIndependentConnectionLeftOpenIsReleasedWithItsClientAndReportedOnceWithWhereItWasCreated")),
                    "the report shows where the connection was created");
        }
    }

    private static List<String> subjects(List<MessageInfo> messages) {
        return messages.stream().map(MessageInfo::subject).toList();
    }

    /** Runs on a new thread that has ended when this returns. */
    private static <T> T onOtherThread(Supplier<T> action) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                result.set(action.get());
            } catch (RuntimeException e) {
                failure.set(e);
            }
        });
        thread.start();
        thread.join(10_000);
        assertTrue(!thread.isAlive(), "the other thread did not finish in 10 s");
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }
}
