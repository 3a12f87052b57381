package io.emailra.ra.config;

/** When an SMTP factory's {@code send} hands a message to the server ({@code deliveryMode}). */
public enum DeliveryMode {
    /** At once, in the caller's thread: the caller learns the server's answer. */
    IMMEDIATE,
    /**
     * Inside a JTA transaction, after it commits (never if it rolls back), from a durable journal;
     * outside a transaction, at once.
     */
    ON_COMMIT
}
