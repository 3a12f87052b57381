package io.emailra.api;

/**
 * One logical connection of a client: a handle on one pooled physical connection to the mail
 * server. Operations on one connection run one at a time; operations on different connections run
 * in parallel.
 *
 * <p>If the physical connection fails, the failing operation throws {@link EmailConnectionException}
 * and the physical connection is evicted from the pool; the next operation on this logical
 * connection runs on a fresh physical connection (state such as the selected IMAP folder is lost).
 */
public interface EmailConnection extends AutoCloseable {

    /** What a connection is for. */
    enum Kind {
        /** Allocated with the client and released when the client closes; cannot be closed by the user. */
        MAIN,
        /** Bound to the calling context: the active JTA transaction if there is one, else the thread. */
        DEFAULT,
        /** Used only where passed explicitly; closed by the user. */
        INDEPENDENT
    }

    /** An identifier unique within the JVM, for logs and diagnostics. */
    String id();

    /** Whether this is the main, a default or an independent connection. */
    Kind kind();

    /** Whether the connection was closed, by the user or by its client's {@link EmailClient#close()}. */
    boolean isClosed();

    /**
     * Returns the physical connection to the pool. Idempotent for default and independent
     * connections; closing a default connection unbinds it from its context.
     *
     * @throws IllegalStateException on the main connection, which only its client may release
     */
    @Override
    void close();
}
