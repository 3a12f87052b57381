package io.emailra.ra;

import jakarta.mail.MessagingException;

/**
 * One physical connection to a mail server (an Angus {@code Store} or {@code Transport}) and the
 * protocol state on it. Not thread-safe: its {@link MailManagedConnection} runs one operation at a
 * time.
 */
public interface MailSession {

    /** Sends a NOOP (or the protocol's equivalent) to prove the connection works. */
    void noop() throws MessagingException;

    /**
     * Proves the connection still works before the pool hands it out again. The protocol's NOOP by
     * default; SMTP uses RSET, which also clears any half-done mail transaction.
     */
    default void validate() throws MessagingException {
        noop();
    }

    /**
     * Takes over what a logical connection had in force on its previous physical connection, which
     * failed (R15): IMAP's selected folder, POP3's knowledge that its message numbers are void. No
     * I/O here; the next operation acts on it.
     */
    default void continueFrom(MailSession previous) {
    }

    /** Leaves no state behind for the connection's next user (no folder selected, no open transaction). */
    void reset() throws MessagingException;

    /** Closes the physical connection, quietly. */
    void close();
}
