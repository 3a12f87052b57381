package io.emailra.ra;

import io.emailra.api.AllocationMode;
import io.emailra.api.EmailAuthenticationException;
import io.emailra.api.EmailClient;
import io.emailra.api.EmailClientFactory;
import io.emailra.api.EmailConnectionException;
import io.emailra.api.ImapClientFactory;
import io.emailra.testsupport.MailServers;
import io.emailra.testsupport.ScriptedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Only a server's refusal of the credentials is an {@link EmailAuthenticationException}. A server
 * that stalls or hangs up during sign-on, offers no STARTTLS, or refuses for its connection limit
 * gives an {@link EmailConnectionException} with the server's reason: against fake servers that
 * misbehave on cue, and Dovecot as it ships (10 connections per user and IP).
 */
class SignOnFailuresIT {

    @RegisterExtension
    static final MailServerExtension POOLS = new MailServerExtension();
    private static final MailServers SERVERS = MailServers.load();
    private static final Duration BOUND = Duration.ofSeconds(30);

    private static ScriptedServer.Builder pop3WithStls() {
        return ScriptedServer.greeting("+OK fake POP3 ready")
                .on("^CAPA", "+OK", "USER", "STLS", ".")
                .on("^STLS", "-ERR TLS is not available after all");
    }

    private static <C extends EmailClient> EmailConnectionException failsToConnect(EmailClientFactory<C> factory) {
        return assertTimeoutPreemptively(BOUND, () -> assertThrows(EmailConnectionException.class,
                () -> factory.getClient(AllocationMode.USE_MAIN).noop()));
    }

    private EmailClientFactory<?> pop3(ScriptedServer server, String security) {
        Pop3ManagedConnectionFactory managed = new Pop3ManagedConnectionFactory();
        managed.setHost("127.0.0.1");
        managed.setPort(server.port());
        managed.setTransportSecurity(security);
        managed.setUserName("alice");
        managed.setPassword("alice-secret");
        managed.setReadTimeoutMillis(2_000);
        return POOLS.clientFactory(managed, POOLS.pool(managed, 1));
    }

    @Test
    void aPop3ServerThatStallsDuringSignOnIsAConnectionFailure() throws IOException {
        try (ScriptedServer server = ScriptedServer.greeting("+OK fake POP3 ready")
                .on("^CAPA", "+OK", "USER", ".").on("^USER", "+OK").stallOn("^PASS")
                .otherwise("-ERR unknown command").start()) {
            EmailConnectionException failure = failsToConnect(pop3(server, "NONE"));
            assertTrue(failure.getMessage().contains("timed out"), failure.getMessage());
        }
    }

    @Test
    void aPop3ServerThatHangsUpDuringSignOnIsAConnectionFailure() throws IOException {
        try (ScriptedServer server = ScriptedServer.greeting("+OK fake POP3 ready")
                .on("^CAPA", "+OK", "USER", ".").on("^USER", "+OK").hangUpOn("^PASS")
                .otherwise("-ERR unknown command").start()) {
            EmailConnectionException failure = failsToConnect(pop3(server, "NONE"));
            assertTrue(failure.getMessage().contains("EOF"), failure.getMessage());
        }
    }

    /** Angus reports an SMTP server that hangs up during AUTH as an authentication failure "[EOF]". */
    @Test
    void anSmtpServerThatHangsUpDuringAuthIsAConnectionFailure() throws IOException {
        try (ScriptedServer server = ScriptedServer.greeting("220 fake SMTP ready")
                .on("^EHLO", "250-fake", "250 AUTH PLAIN LOGIN").hangUpOn("^AUTH")
                .otherwise("500 unknown command").start()) {
            SmtpManagedConnectionFactory managed = new SmtpManagedConnectionFactory();
            managed.setHost("127.0.0.1");
            managed.setPort(server.port());
            managed.setTransportSecurity("NONE");
            managed.setUserName("alice");
            managed.setPassword("alice-secret");
            managed.setReadTimeoutMillis(2_000);
            EmailConnectionException failure = failsToConnect(POOLS.clientFactory(managed, POOLS.pool(managed, 1)));
            assertTrue(failure.getMessage().contains("EOF"), failure.getMessage());
        }
    }

    @Test
    void aPop3ServerWithoutStlsIsAConnectionFailureAndNoCredentialsAreSent() throws IOException {
        try (ScriptedServer server = ScriptedServer.greeting("+OK fake POP3 ready")
                .on("^CAPA", "+OK", "USER", ".").otherwise("-ERR unknown command").start()) {
            EmailConnectionException failure = failsToConnect(pop3(server, "STARTTLS"));
            assertTrue(failure.getMessage().contains("STLS"), failure.getMessage());
            assertTrue(server.received().stream().noneMatch(line -> line.startsWith("USER") || line.startsWith("PASS")),
                    server.received().toString());
        }
        try (ScriptedServer server = pop3WithStls().otherwise("-ERR unknown command").start()) {
            EmailConnectionException failure = failsToConnect(pop3(server, "STARTTLS"));
            assertTrue(failure.getMessage().contains("STLS"), failure.getMessage());
        }
    }

    @Test
    void aPreauthenticatedImapServerThatRefusesStarttlsIsAConnectionFailure() throws IOException {
        try (ScriptedServer server = ScriptedServer.greeting("* PREAUTH fake IMAP, signed on already")
                .on("CAPABILITY", "* CAPABILITY IMAP4rev1 STARTTLS", "{tag} OK done")
                .on("STARTTLS", "{tag} NO not now")
                .on("LOGOUT", "* BYE", "{tag} OK bye")
                .otherwise("{tag} BAD unknown").start()) {
            ImapManagedConnectionFactory managed = new ImapManagedConnectionFactory();
            managed.setHost("127.0.0.1");
            managed.setPort(server.port());
            managed.setUserName("alice");
            managed.setPassword("alice-secret");
            managed.setReadTimeoutMillis(2_000);
            EmailConnectionException failure = failsToConnect(POOLS.<ImapClientFactory>clientFactory(managed,
                    POOLS.pool(managed, 1)));
            assertTrue(failure.getMessage().contains("refused STARTTLS: not now"), failure.getMessage());
            assertTrue(server.received().stream().noneMatch(line -> line.contains("LOGIN") || line.contains("AUTHENTICATE")),
                    server.received().toString());
        }
    }

    /**
     * Dovecot as it ships refuses an 11th connection of one user from one IP. With another
     * application holding all ten, emailra waits the pool's wait (R16) and then reports the server's
     * limit as a connection failure, not as a wrong password.
     */
    @Test
    void dovecotsConnectionLimitIsAConnectionFailureNotAWrongPassword() throws Exception {
        String dave = SERVERS.users().get(3);
        try (AnotherApplication holdingEveryPlace = AnotherApplication.takingEveryPlace(SERVERS, dave)) {
            ImapManagedConnectionFactory managed = RealServerFactories.configure(SERVERS,
                    new ImapManagedConnectionFactory(), "imap", "STARTTLS", dave);
            ImapClientFactory imap = POOLS.clientFactory(managed, POOLS.pool(managed, 2));
            EmailConnectionException limited = failsToConnect(imap);
            assertTrue(limited.getMessage().contains("Maximum number of connections"), limited.getMessage());
            assertEquals(1, managed.caps().of(dave).limit(), "learned: no more than it had open, at least 1");
        }
    }

    @Test
    void aWrongPasswordIsStillAnAuthenticationFailure() {
        ImapManagedConnectionFactory managed = RealServerFactories.configure(SERVERS, new ImapManagedConnectionFactory(),
                "imap", "STARTTLS", SERVERS.users().get(3));
        managed.setPassword("not-the-password");
        ImapClientFactory imap = POOLS.clientFactory(managed, POOLS.pool(managed, 1));
        EmailAuthenticationException refused = assertThrows(EmailAuthenticationException.class, () -> imap.getClient().noop());
        assertTrue(refused.getMessage().contains("authentication failed"), refused.getMessage());
    }
}
