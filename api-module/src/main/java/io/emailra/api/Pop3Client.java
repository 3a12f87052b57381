package io.emailra.api;

import jakarta.mail.internet.MimeMessage;

import java.util.List;

/**
 * A POP3 client for the account's INBOX. Each operation without an {@link EmailConnection} runs on
 * the connection the client's {@link AllocationMode} chooses (see {@link EmailClient}); each overload
 * taking a connection first runs on that connection.
 *
 * <p>POP3 shows a snapshot of the mailbox taken when the POP3 session starts, and messages are
 * numbered from 1 within that session. A session starts with a connection's first operation and
 * ends when the connection is returned to the pool or {@link #commitDeletes()} is called; deletions
 * take effect when it ends (POP3's QUIT), and mail that arrived meanwhile becomes visible after.
 *
 * <p>If a connection's physical connection fails during a session, the session is lost with its
 * marked deletions, and its message numbers are void: until the numbers are read again
 * ({@link #messageCount()}, {@link #listMessages()}), operations by number fail with
 * {@link EmailProtocolException} rather than act on whatever message has that number in the new
 * session. Operations by UIDL ({@link Pop3MessageInfo#uid()}) name the same message in every session.
 */
public interface Pop3Client extends EmailClient {

    /** How many messages the mailbox holds. */
    int messageCount();

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    int messageCount(EmailConnection connection);

    /** Summaries of every message, by message number. */
    List<Pop3MessageInfo> listMessages();

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    List<Pop3MessageInfo> listMessages(EmailConnection connection);

    /**
     * The whole message with this number, as a detached copy.
     *
     * @throws EmailProtocolException if there is no message with this number, or the number is from a
     *                                session lost with its connection
     */
    MimeMessage fetchMessage(int messageNumber);

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    MimeMessage fetchMessage(EmailConnection connection, int messageNumber);

    /**
     * The whole message with this UIDL (the server's unique id, {@link Pop3MessageInfo#uid()}), as a
     * detached copy; the same message in every session.
     *
     * @throws EmailProtocolException if there is no message with this UIDL
     */
    MimeMessage fetchMessage(String uid);

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    MimeMessage fetchMessage(EmailConnection connection, String uid);

    /**
     * Marks the message with this UIDL deleted; it is deleted when the POP3 session ends.
     *
     * @throws EmailProtocolException if there is no message with this UIDL
     */
    void deleteMessage(String uid);

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    void deleteMessage(EmailConnection connection, String uid);

    /** Marks the message deleted; it is deleted when the POP3 session ends. */
    void deleteMessage(int messageNumber);

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    void deleteMessage(EmailConnection connection, int messageNumber);

    /** Ends the POP3 session now (QUIT), so that the marked messages are deleted. */
    void commitDeletes();

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    void commitDeletes(EmailConnection connection);
}
