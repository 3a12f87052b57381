package io.emailra.ra.config;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;

import java.util.Properties;

/**
 * Creates Jakarta Mail sessions whose MIME stream provider is the Angus emailra runs on, in
 * {@link AngusContext}: the API looks the provider up through the thread's context class loader,
 * which inside OSGi (and in an application server, an application's) may not see Angus.
 */
public final class MailSessions {

    private MailSessions() {
    }

    public static Session newSession(Properties properties) {
        try {
            return AngusContext.run(() -> Session.getInstance(properties));
        } catch (MessagingException e) {
            throw new IllegalStateException(e); // Session.getInstance throws none
        }
    }
}
