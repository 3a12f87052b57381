package io.emailra.ra;

import io.emailra.api.AllocationMode;
import io.emailra.api.EmailAuthenticationException;
import io.emailra.api.EmailConnectionException;
import io.emailra.api.EmailException;
import io.emailra.api.ImapClient;
import io.emailra.api.ImapClientFactory;
import io.emailra.api.MessageInfo;
import io.emailra.api.Pop3Client;
import io.emailra.api.Pop3ClientFactory;
import io.emailra.api.Pop3MessageInfo;
import io.emailra.api.SearchQuery;
import io.emailra.api.SmtpClient;
import io.emailra.api.SmtpClientFactory;
import io.emailra.ra.physical.Credentials;
import io.emailra.ra.pool.NonManagedConnectionManager;
import io.emailra.testsupport.Await;
import io.emailra.testsupport.MailServers;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.security.PasswordCredential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.security.auth.Subject;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static io.emailra.ra.MailServerExtension.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Against real Dovecot and Postfix on 127.0.0.1: mail sent through SmtpClient is read back through
 * ImapClient and Pop3Client under each transport security; certificates and host names are checked;
 * a server without STARTTLS is refused under the default; a wrong password is named without the password.
 */
class RealServersIT {

    @RegisterExtension
    static final MailServerExtension GREENMAIL = new MailServerExtension();
    private static final MailServers SERVERS = MailServers.load();
    private static final Duration DELIVERY = Duration.ofSeconds(15);

    private final String alice = SERVERS.users().get(0);
    private final String bob = SERVERS.users().get(1);

    private <F> F factory(MailManagedConnectionFactory<?> managed) {
        NonManagedConnectionManager pool = GREENMAIL.pool(managed, 4);
        return GREENMAIL.clientFactory(managed, pool);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"STARTTLS,submission,imap,pop3", "TLS,smtps,imaps,pop3s", "NONE,plainSmtp,imap,pop3"})
    void mailSentThroughPostfixIsReadBackFromDovecot(String security, String smtpPort, String imapPort,
                                                     String pop3Port) throws Exception {
        String subject = security + " " + UUID.randomUUID();
        SmtpClientFactory smtp = factory(RealServerFactories.configure(SERVERS, new SmtpManagedConnectionFactory(), smtpPort, security, alice));
        ImapClientFactory imap = factory(RealServerFactories.configure(SERVERS, new ImapManagedConnectionFactory(), imapPort, security, bob));
        Pop3ClientFactory pop3 = factory(RealServerFactories.configure(SERVERS, new Pop3ManagedConnectionFactory(), pop3Port, security, bob));

        try (SmtpClient sender = smtp.getClient()) {
            sender.send(message(alice, bob, subject, "over " + security));
        }
        long uid = Await.until("'" + subject + "' in bob's INBOX", DELIVERY, () -> {
            try (ImapClient reader = imap.getClient()) {
                reader.selectFolder("INBOX");
                return reader.search(SearchQuery.all().withSubject(subject)).stream().findFirst().map(MessageInfo::uid);
            }
        });
        try (ImapClient reader = imap.getClient()) {
            reader.selectFolder("INBOX");
            assertEquals("over " + security, String.valueOf(reader.fetchMessage(uid).getContent()).strip());
        }
        try (Pop3Client reader = pop3.getClient()) {
            Optional<Pop3MessageInfo> found = reader.listMessages().stream()
                    .filter(m -> subject.equals(m.subject())).findFirst();
            assertTrue(found.isPresent(), "POP3 lists the message");
            assertEquals("over " + security, String.valueOf(reader.fetchMessage(found.get().number()).getContent()).strip());
        }
    }

    @Test
    void startTlsIsTheDefaultAndWorksWithTheTrustStore() {
        ImapManagedConnectionFactory managed = RealServerFactories.configure(SERVERS, new ImapManagedConnectionFactory(), "imap", "NONE", bob);
        managed.setTransportSecurity(new ImapManagedConnectionFactory().getTransportSecurity());
        ImapClientFactory imap = factory(managed);
        try (ImapClient client = imap.getClient()) {
            assertEquals("STARTTLS", managed.config().security().name());
            client.noop();
        }
    }

    @Test
    void anUntrustedCertificateIsRefused() {
        ImapManagedConnectionFactory managed = RealServerFactories.configure(SERVERS, new ImapManagedConnectionFactory(), "imap", "STARTTLS", bob);
        managed.setTrustStore(null);
        ImapClientFactory imap = factory(managed);
        EmailConnectionException refused = assertThrows(EmailConnectionException.class, () -> imap.getClient().noop());
        assertMentions(refused, "imap://127.0.0.1:" + SERVERS.port("imap"), "certification path");
    }

    @Test
    void aWrongHostNameIsRefusedUnlessIdentityChecksAreOff() {
        ImapManagedConnectionFactory managed = RealServerFactories.configure(SERVERS, new ImapManagedConnectionFactory(), "imaps", "TLS", bob);
        managed.setHost("127.0.0.2");
        ImapClientFactory checked = factory(managed);
        EmailConnectionException refused = assertThrows(EmailConnectionException.class, () -> checked.getClient().noop());
        assertMentions(refused, "imaps://127.0.0.2:", "127.0.0.2");

        ImapManagedConnectionFactory unchecked = RealServerFactories.configure(SERVERS, new ImapManagedConnectionFactory(), "imaps", "TLS", bob);
        unchecked.setHost("127.0.0.2");
        unchecked.setCheckServerIdentity(false);
        try (ImapClient client = ((ImapClientFactory) factory(unchecked)).getClient()) {
            client.noop();
        }
    }

    @Test
    void aServerWithoutStartTlsIsRefusedUnderTheDefaultNeverUsedInPlainText() {
        String user = GREENMAIL.newUser();
        ImapManagedConnectionFactory imap = GREENMAIL.configure(new ImapManagedConnectionFactory(), user);
        imap.setTransportSecurity("STARTTLS");
        EmailConnectionException refused = assertThrows(EmailConnectionException.class,
                () -> ((ImapClientFactory) factory(imap)).getClient().noop());
        assertMentions(refused, "imap://127.0.0.1:" + GREENMAIL.greenMail().getImap().getPort(), "STARTTLS");

        SmtpManagedConnectionFactory smtp = GREENMAIL.configure(new SmtpManagedConnectionFactory(), null);
        smtp.setTransportSecurity("STARTTLS");
        EmailConnectionException smtpRefused = assertThrows(EmailConnectionException.class,
                () -> ((SmtpClientFactory) factory(smtp)).getClient().noop());
        assertMentions(smtpRefused, "smtp://127.0.0.1:", "STARTTLS");
    }

    @Test
    void aWrongPasswordNamesUserAndServerButTheServersLogsAndExceptionsNeverThePassword() throws IOException {
        String password = "wrong-" + UUID.randomUUID();
        List<EmailException> failures = List.of(
                refusedWith(new ImapManagedConnectionFactory(), "imap", password),
                refusedWith(new Pop3ManagedConnectionFactory(), "pop3", password),
                refusedWith(new SmtpManagedConnectionFactory(), "submission", password));
        for (EmailException failure : failures) {
            assertTrue(failure instanceof EmailAuthenticationException, failure.toString());
            assertMentions(failure, alice, "127.0.0.1");
            for (Throwable t = failure; t != null; t = t.getCause()) {
                assertFalse(String.valueOf(t.getMessage()).contains(password), t.toString());
            }
        }
        for (String server : List.of("dovecot", "postfix")) {
            assertFalse(Files.readString(SERVERS.log(server)).contains(password), server + " logged the password");
        }
    }

    @Test
    void signOnTakesTheApplicationsThenTheContainersThenTheConfiguredCredentials() throws Exception {
        String carol = SERVERS.users().get(2);
        String dave = SERVERS.users().get(3);
        ImapManagedConnectionFactory managed = RealServerFactories.configure(SERVERS, new ImapManagedConnectionFactory(), "imap", "STARTTLS", alice);
        Subject subject = new Subject();
        PasswordCredential forAnotherFactory = new PasswordCredential(carol, MailServers.password(carol).toCharArray());
        forAnotherFactory.setManagedConnectionFactory(new ImapManagedConnectionFactory());
        PasswordCredential forThisFactory = new PasswordCredential(bob, MailServers.password(bob).toCharArray());
        forThisFactory.setManagedConnectionFactory(managed);
        subject.getPrivateCredentials().add(forAnotherFactory);
        subject.getPrivateCredentials().add(forThisFactory);

        assertSignedOnAs(bob, managed, subject, null);
        assertSignedOnAs(dave, managed, subject,
                new MailConnectionRequestInfo(new Credentials(dave, MailServers.password(dave))));
        assertSignedOnAs(alice, managed, null, null);
    }

    /** Dovecot accepted the sign-on (a NOOP works) for the user the connection reports. */
    private static void assertSignedOnAs(String user, ImapManagedConnectionFactory managed, Subject subject,
                                         MailConnectionRequestInfo request) throws Exception {
        ManagedConnection connection = managed.createManagedConnection(subject, request);
        try {
            assertEquals(user, connection.getMetaData().getUserName());
            assertTrue(((MailManagedConnection<?>) connection).isValid());
            assertTrue(managed.matchManagedConnections(Set.of(connection), subject, request) == connection);
        } finally {
            connection.destroy();
        }
    }

    @Test
    void xoauth2AsksForAFreshTokenOnceWhenTheServerRefusesAnExpiredOne() throws Exception {
        try (IntrospectionServer introspection = IntrospectionServer.start(SERVERS.port("oauth2Introspection"))) {
            introspection.activate("fresh-imap", alice);
            introspection.activate("fresh-smtp", alice);
            ImapClientFactory imap = factory(withTokens(new ImapManagedConnectionFactory(), "imap"));
            RecordingTokenProvider.handOut("expired-imap", "fresh-imap");
            try (ImapClient client = imap.getClient()) {
                client.noop();
            }
            assertEquals(List.of(alice + ":false", alice + ":true"), RecordingTokenProvider.calls());

            SmtpClientFactory smtp = factory(withTokens(new SmtpManagedConnectionFactory(), "submission"));
            RecordingTokenProvider.handOut("expired-smtp", "fresh-smtp");
            try (SmtpClient client = smtp.getClient()) {
                client.send(message(alice, bob, "sent with XOAUTH2 " + UUID.randomUUID(), "token"));
            }
            assertEquals(List.of(alice + ":false", alice + ":true"), RecordingTokenProvider.calls());

            RecordingTokenProvider.handOut("expired-1", "expired-2", "never-asked-for");
            EmailAuthenticationException refused = assertThrows(EmailAuthenticationException.class,
                    () -> ((ImapClientFactory) factory(withTokens(new ImapManagedConnectionFactory(), "imap"))).getClient()
                            .noop());
            assertMentions(refused, alice, "imap://127.0.0.1");
            assertEquals(List.of(alice + ":false", alice + ":true"), RecordingTokenProvider.calls(),
                    "one fresh token asked for, not more");
        }
    }

    private MailManagedConnectionFactory<?> withTokens(MailManagedConnectionFactory<?> managed, String port) {
        RealServerFactories.configure(SERVERS, managed, port, "STARTTLS", alice);
        managed.setPassword(null);
        managed.setOauth2TokenProvider(RecordingTokenProvider.class.getName());
        return managed;
    }

    private EmailException refusedWith(MailManagedConnectionFactory<?> managed, String port, String password) {
        RealServerFactories.configure(SERVERS, managed, port, "STARTTLS", alice);
        managed.setPassword(password);
        io.emailra.api.EmailClientFactory<?> factory = factory(managed);
        return assertThrows(EmailException.class, () -> factory.getClient(AllocationMode.USE_MAIN).noop());
    }

    private static void assertMentions(Throwable failure, String... texts) {
        for (String text : texts) {
            assertTrue(failure.getMessage().contains(text), "'" + text + "' missing from: " + failure.getMessage());
        }
    }
}
