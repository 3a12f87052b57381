package io.emailra.api;

/**
 * No connection: the server could not be reached, the connection was lost or timed out, or the
 * pool had no connection in time. A lost physical connection is evicted from the pool.
 */
public class EmailConnectionException extends EmailException {

    private static final long serialVersionUID = 1L;

    public EmailConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
