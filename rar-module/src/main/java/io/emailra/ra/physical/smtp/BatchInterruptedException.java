package io.emailra.ra.physical.smtp;

import jakarta.mail.MessagingException;

import java.util.List;

/**
 * A batch ended before its last message: the connection was lost (the cause is the I/O failure), or
 * the thread was interrupted while a message waited for its turn. It says what became of each message.
 */
public final class BatchInterruptedException extends MessagingException {

    private static final long serialVersionUID = 1L;

    private final transient List<Outcome> outcomes;

    BatchInterruptedException(String message, Exception cause, List<Outcome> outcomes) {
        super(message, cause);
        this.outcomes = List.copyOf(outcomes);
    }

    /** One outcome per message of the batch, in order. */
    public List<Outcome> outcomes() {
        return outcomes;
    }
}
