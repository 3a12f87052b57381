package io.emailra.api;

/** The unchecked root of every failure emailra reports. Messages never contain a password. */
public class EmailException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EmailException(String message) {
        super(message);
    }

    public EmailException(String message, Throwable cause) {
        super(message, cause);
    }
}
