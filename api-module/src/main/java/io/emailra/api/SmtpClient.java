package io.emailra.api;

import jakarta.mail.internet.MimeMessage;

import java.util.Collection;
import java.util.List;

/**
 * An SMTP client. Each operation without an {@link EmailConnection} runs on the connection the
 * client's {@link AllocationMode} chooses (see {@link EmailClient}); each overload taking a
 * connection first runs on that connection.
 */
public interface SmtpClient extends EmailClient {

    /**
     * Sends a message to all its recipients (To, Cc, Bcc). Unlike {@code Transport.send}, it leaves
     * the message as it was (it sends a copy: no header of it or its parts is rewritten), but for one
     * thing: a message without a Message-ID gets the one it was sent with; a Message-ID the
     * application set is sent as it is. Recipients the server refuses do not stop the others.
     *
     * @return the message's Message-ID
     * @throws EmailSendException     if the server refused some recipients: the message went to the
     *                                others; its one result says, per recipient, what the server replied
     * @throws EmailProtocolException if the server refused the message, its sender or every recipient
     */
    String send(MimeMessage message);

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    String send(EmailConnection connection, MimeMessage message);

    /**
     * Sends several messages over one connection. A message the server refuses does not stop the
     * others. When the server offers PIPELINING, each message's commands go as one group, and with
     * CHUNKING up to {@code maxMessagesInFlight} messages are in flight at once; what is reported is
     * the same as one by one, from the server's reply to each command.
     *
     * @return their Message-IDs, in order, when all were sent
     * @throws EmailSendException if the server refused some: its results say which went and which did not
     * @throws EmailBatchInterruptedException if the connection was lost (or the thread interrupted while
     *                                        a message waited for its turn): its results say which went,
     *                                        which did not, and which may have
     */
    List<String> send(Collection<MimeMessage> messages);

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    List<String> send(EmailConnection connection, Collection<MimeMessage> messages);

    /**
     * Sends a message to the envelope's recipients, not the headers' (Bcc-style fan-out, a bounce
     * address, VERP, DSN requests); the message's Bcc header is never sent.
     *
     * @return the outcome: the Message-ID, and the server's reply for every recipient; if it refused
     *         some, {@link SendResult#failure()} says which and the others got the message
     * @throws EmailSendException     if the server refused every recipient: nothing was sent
     * @throws EmailProtocolException if the server refused the message or its sender
     */
    SendResult send(MimeMessage message, Envelope envelope);

    /**
     * The operation above, on the given connection whatever the allocation mode.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException    if the connection is closed
     */
    SendResult send(EmailConnection connection, MimeMessage message, Envelope envelope);
}
