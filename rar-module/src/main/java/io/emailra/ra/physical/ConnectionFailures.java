package io.emailra.ra.physical;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FolderClosedException;
import jakarta.mail.MessagingException;
import jakarta.mail.StoreClosedException;
import org.eclipse.angus.mail.iap.ConnectionException;
import org.eclipse.angus.mail.util.MailConnectException;

import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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

    /** What a server says when it refuses a connection for its own connection limit (R16). */
    private static final List<String> SERVER_LIMIT = List.of("[LIMIT]", "Maximum number of connections",
            "Too many simultaneous connections", "too many connections", "Too many connections");
    /** SMTP's "service not available" with a 4.7.x status: a policy limit, such as too many connections. */
    private static final Pattern SMTP_LIMIT_REPLY = Pattern.compile("421[ -]4\\.7\\.");
    /**
     * What Angus reports as a failed sign-on although the server did not refuse the credentials:
     * the connection ended or timed out during sign-on (POP3 says "EOF on socket", SMTP "[EOF]"),
     * TLS could not be started (a server without STLS/STARTTLS), the server's own trouble (SMTP 454, IMAP
     * [UNAVAILABLE], POP3 [SYS/TEMP] or [IN-USE]) or its connection limit (SMTP 421, IMAP [LIMIT],
     * Dovecot's "Maximum number of connections", Gmail's "Too many simultaneous connections").
     */
    private static final List<String> NOT_A_REFUSAL = Stream.concat(Stream.of("EOF on socket", "[EOF]", "timed out",
            "Connection reset", "Broken pipe", "Socket closed", "STLS", "STARTTLS", "[UNAVAILABLE]", "[SYS/TEMP]",
            "[IN-USE]"), SERVER_LIMIT.stream()).toList();
    private static final List<String> NOT_A_REFUSAL_REPLY_CODES = List.of("421", "454");

    /**
     * Whether a failed sign-on is the server refusing these credentials, the only case that is an
     * authentication failure; anything else (see {@link #NOT_A_REFUSAL}) is a connection failure.
     */
    public static boolean isCredentialRefusal(AuthenticationFailedException failure) {
        String message = String.valueOf(failure.getMessage());
        if (NOT_A_REFUSAL_REPLY_CODES.stream().anyMatch(message::startsWith)
                || NOT_A_REFUSAL.stream().anyMatch(message::contains)) {
            return false;
        }
        for (Throwable t = next(failure); t != null; t = next(t)) {
            if (t instanceof IOException) {
                return false;
            }
        }
        return true;
    }

    /** Whether the failure, or one of its causes, is the server refusing a connection for its own limit. */
    public static boolean isServerLimit(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++) {
            String message = String.valueOf(t.getMessage());
            if (SERVER_LIMIT.stream().anyMatch(message::contains) || SMTP_LIMIT_REPLY.matcher(message).lookingAt()) {
                return true;
            }
            t = next(t);
        }
        return false;
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
