package io.emailra.api;

/** The server refused the credentials. The message names the user and the server. */
public class EmailAuthenticationException extends EmailException {

    private static final long serialVersionUID = 1L;

    public EmailAuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
