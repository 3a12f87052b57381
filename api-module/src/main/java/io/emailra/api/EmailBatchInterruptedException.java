package io.emailra.api;

import java.util.List;

/**
 * A batch ({@link SmtpClient#send(java.util.Collection)}) ended before its last message: the
 * connection was lost, or the thread was interrupted while a message waited for its turn
 * ({@code maxMessagesPerSecond}). {@link #results()} says what became of each message, from the
 * server's replies: sent ({@link SendResult#sent()}); refused or unwritable, as in
 * {@link EmailSendException}; not sent, with an {@link EmailConnectionException} as its failure
 * (sending it again cannot make a copy); or handed to the server without its reply coming back, with
 * an {@link EmailOutcomeUnknownException} (it may have been accepted: SMTP cannot say, RFC 5321 §4.1.1.4).
 */
public class EmailBatchInterruptedException extends EmailConnectionException {

    private static final long serialVersionUID = 1L;

    private final List<SendResult> results;

    public EmailBatchInterruptedException(String message, List<SendResult> results, Throwable cause) {
        super(message, cause);
        this.results = List.copyOf(results);
    }

    /** One result per message of the batch, in order. */
    public List<SendResult> results() {
        return results;
    }
}
