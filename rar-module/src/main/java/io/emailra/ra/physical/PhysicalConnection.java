package io.emailra.ra.physical;

import javax.transaction.xa.XAResource;

import jakarta.mail.MessagingException;

/**
 * One physical connection to a mail server (an Angus {@code Store} or {@code Transport}) and the
 * protocol state on it. Not thread-safe: its managed connection ({@code MailManagedConnection}) runs one operation at a
 * time.
 */
public interface PhysicalConnection {

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
     * Binds the state of the logical connection whose operation runs next (R15: IMAP's selected
     * folder, POP3's message numbers), or unbinds it (null) after the operation. No I/O: the
     * operation acts on it. The state object is the one {@code newConnectionState()} of the client
     * factory made for that logical connection.
     */
    default void bind(Object connectionState) {
    }

    /**
     * Whether the logical connection must keep this physical connection for its next operation: a
     * POP3 session in progress, whose message numbers belong to it. Otherwise a logical connection
     * holds a physical one only while an operation runs (R14).
     */
    default boolean pinned() {
        return false;
    }

    /**
     * Leaves nothing of the last user in force for the next (no open mail transaction, no POP3
     * session); an IMAP folder may stay open, since selecting it again costs a round trip.
     */
    void reset() throws MessagingException;

    /** Closes the physical connection, quietly. */
    void close();

    /** The transaction branch the container enlists, or null: the connection takes no part in transactions. */
    default XAResource xaResource() {
        return null;
    }
}
