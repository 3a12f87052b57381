package io.emailra.ra;

import jakarta.mail.FolderClosedException;
import jakarta.mail.MessagingException;
import jakarta.mail.StoreClosedException;
import org.eclipse.angus.mail.iap.ConnectionException;
import org.eclipse.angus.mail.util.MailConnectException;

import java.io.IOException;

/** Tells a lost connection (evict it) from a refused operation (the connection stays usable). */
public final class ConnectionFailures {

    private static final int MAX_DEPTH = 16;
    private static final String ANGUS_IMAP_RECONNECT_FAILED = "connection failure";

    private ConnectionFailures() {
    }

    public static boolean isConnectionLoss(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++) {
            if (t instanceof IOException || t instanceof StoreClosedException || t instanceof FolderClosedException
                    || t instanceof MailConnectException || t instanceof ConnectionException) {
                return true;
            }
            // Angus's IMAPStore says only this, with no cause, when it cannot open a new socket for a folder.
            if (ANGUS_IMAP_RECONNECT_FAILED.equals(t.getMessage()) && t.getClass() == MessagingException.class) {
                return true;
            }
            t = next(t);
        }
        return false;
    }

    /**
     * Whether a refused sign-on is the server's temporary trouble (its authentication service is
     * down, say, while it restarts) rather than wrong credentials: SMTP 454 (RFC 4954), IMAP
     * [UNAVAILABLE] (RFC 5530), POP3 [SYS/TEMP] (RFC 3206).
     */
    public static boolean isTemporarySignOnFailure(Throwable failure) {
        String message = String.valueOf(failure.getMessage());
        return message.startsWith("454") || message.contains("[UNAVAILABLE]") || message.contains("[SYS/TEMP]");
    }

    /**
     * The messages of the failure and its causes, each once: "Could not convert socket to TLS" alone
     * would not say that the certificate was not trusted.
     */
    public static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++) {
            String message = t.getMessage();
            if (message != null && !message.isBlank() && text.indexOf(message.strip()) < 0) {
                text.append(text.length() == 0 ? "" : ": ").append(message.strip());
            }
            t = next(t);
        }
        return text.length() == 0 ? failure.getClass().getSimpleName() : text.toString();
    }

    private static Throwable next(Throwable t) {
        if (t instanceof MessagingException m && m.getNextException() != null) {
            return m.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }
}
