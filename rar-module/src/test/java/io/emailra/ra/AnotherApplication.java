package io.emailra.ra;

import io.emailra.testsupport.MailServers;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Another application signed on to Dovecot as the same user, holding plain Angus IMAP sessions. It
 * takes every place Dovecot has left rather than a counted ten: a session a test before closed may
 * still be ending at the server, and counting would then leave emailra less than the test expects.
 */
final class AnotherApplication implements AutoCloseable {

    private static final int MORE_THAN_DOVECOTS_LIMIT = 20;

    private final List<Store> sessions = new ArrayList<>();

    /** Signs on until Dovecot refuses with its limit; fails when it never does. */
    static AnotherApplication takingEveryPlace(MailServers servers, String user) throws MessagingException {
        AnotherApplication application = new AnotherApplication();
        try {
            for (int i = 0; i < MORE_THAN_DOVECOTS_LIMIT; i++) {
                Store store = Session.getInstance(new Properties()).getStore("imap");
                try {
                    store.connect(servers.host(), servers.port("imap"), user, MailServers.password(user));
                } catch (AuthenticationFailedException full) {
                    assertTrue(full.getMessage().contains("Maximum number of connections"), full.getMessage());
                    return application;
                }
                application.sessions.add(store);
            }
        } catch (MessagingException | RuntimeException | Error e) {
            application.close();
            throw e;
        }
        application.close();
        throw new AssertionError("Dovecot took " + MORE_THAN_DOVECOTS_LIMIT + " sessions of " + user + " and refused none");
    }

    /** Ends one session: the user then has exactly one place left at the server. */
    void leaveOnePlace() throws MessagingException {
        sessions.remove(sessions.size() - 1).close();
    }

    @Override
    public void close() throws MessagingException {
        for (Store store : sessions) {
            store.close();
        }
        sessions.clear();
    }
}
