package io.emailra.ra.config;

import jakarta.mail.Session;
import org.eclipse.angus.mail.util.MailStreamProvider;

import java.util.Properties;

/**
 * Creates Jakarta Mail sessions whose MIME stream provider is the Angus emailra runs on. The API
 * looks the provider up through the thread's context class loader, which inside OSGi (and in an
 * application server, an application's) cannot see Angus; Angus's own class loader can.
 */
public final class MailSessions {

    private MailSessions() {
    }

    public static Session newSession(Properties properties) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(MailStreamProvider.class.getClassLoader());
        try {
            return Session.getInstance(properties);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
