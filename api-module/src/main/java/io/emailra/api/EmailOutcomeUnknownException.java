package io.emailra.api;

/**
 * A message was handed to the server and the connection ended before the server's reply to it: the
 * server may have accepted it or not (RFC 5321 §4.1.1.4). Sending it again may deliver it twice; its
 * Message-ID lets the recipient's side tell the copies apart.
 */
public class EmailOutcomeUnknownException extends EmailException {

    private static final long serialVersionUID = 1L;

    private final String messageId;

    public EmailOutcomeUnknownException(String message, String messageId) {
        super(message);
        this.messageId = messageId;
    }

    /** The Message-ID it was sent with. */
    public String messageId() {
        return messageId;
    }
}
