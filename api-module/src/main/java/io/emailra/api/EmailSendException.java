package io.emailra.api;

import java.util.List;

/**
 * The server refused some messages of a batch; the others were sent. {@link #results()} says, per
 * message, which went (with its Message-ID) and which did not (with the server's reason).
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
