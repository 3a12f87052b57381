package io.emailra.api;

/**
 * The server refused an operation (no such folder, recipient rejected, …). The connection stays
 * usable.
 */
public class EmailProtocolException extends EmailException {

    private static final long serialVersionUID = 1L;

    public EmailProtocolException(String message) {
        super(message);
    }

    public EmailProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
