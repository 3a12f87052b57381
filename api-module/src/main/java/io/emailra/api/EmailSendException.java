package io.emailra.api;

import java.util.List;

/**
 * Some messages of a batch were not sent (the server refused them, or their content could not be
 * written); the others were. {@link #results()} says, per message, which went (with its
 * Message-ID) and which did not (with the reason).
 */
public class EmailSendException extends EmailProtocolException {

    private static final long serialVersionUID = 1L;

    private final List<SendResult> results;

    public EmailSendException(String message, List<SendResult> results) {
        super(message);
        this.results = List.copyOf(results);
    }

    /** One result per message of the batch, in order. */
    public List<SendResult> results() {
        return results;
    }
}
