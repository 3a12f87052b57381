package io.emailra.ra.config;

import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.util.MailStreamProvider;

import java.security.AccessController;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;

/**
 * Runs mail work in emailra's own context, whoever calls. Jakarta Mail looks its MIME stream provider
 * up through the thread's context class loader on every MIME read and write, and the caller's (an
 * OSGi bundle's, a DS component's, an application's) may not see Angus: Angus's own class loader is
 * the context class loader for the work, and the caller's is restored after it. And the work runs
 * privileged, so that no caller's code is on the access-control stack: a TLS socket keeps the
 * access-control context of the thread that created it, and a pooled connection created in an
 * application's call would keep that application's class loader alive after it is undeployed.
 */
public final class AngusContext {

    private static final ClassLoader ANGUS = MailStreamProvider.class.getClassLoader();

    /** Mail work: an operation on a connection, a sign-on, creating a session. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws MessagingException;
    }

    private AngusContext() {
    }

    @SuppressWarnings("removal") // AccessController: still what SSLSocketImpl captures on JDK 17 to 21
    public static <T> T run(Work<T> work) throws MessagingException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(ANGUS);
        try {
            return AccessController.doPrivileged((PrivilegedExceptionAction<T>) work::run);
        } catch (PrivilegedActionException e) {
            throw (MessagingException) e.getException();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
