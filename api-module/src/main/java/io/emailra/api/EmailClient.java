package io.emailra.api;

/**
 * The base of the IMAP, POP3 and SMTP clients. Thread-safe: any number of threads may call a
 * client at once. Operations that share a connection are serialized (one at a time on a
 * connection, each atomic); operations on different connections run in parallel.
 *
 * <p>Which connection an operation without an explicit connection runs on:
 * <ul>
 * <li>{@link AllocationMode#USE_MAIN_OR_DEFAULT}: the calling context's default connection if it has
 * one, else the main connection;</li>
 * <li>{@link AllocationMode#USE_MAIN}: the main connection;</li>
 * <li>{@link AllocationMode#USE_DEFAULT}: the calling context's default connection, created on first
 * use.</li>
 * </ul>
 * The calling context is the active JTA transaction if there is one (its default connection is
 * released when it completes), else the calling thread.
 *
 * <p>Closing the client releases every connection it still holds and is idempotent; afterwards
 * every operation throws {@link IllegalStateException}.
 */
public interface EmailClient extends AutoCloseable {

    /** The mode this client allocates connections under. */
    AllocationMode allocationMode();

    /**
     * Creates an independent connection, used only where passed explicitly.
     * Same as {@code createConnection(false)}.
     *
     * @throws EmailConnectionException if no connection could be obtained
     */
    EmailConnection createConnection();

    /**
     * Creates a connection.
     *
     * @param asDefault {@code true} for the calling context's default connection (only in
     *                  {@link AllocationMode#USE_MAIN_OR_DEFAULT}), {@code false} for an independent one
     * @throws IllegalStateException if {@code asDefault} and the mode is {@code USE_MAIN} (no default
     *                               connections) or {@code USE_DEFAULT} (they are created
     *                               automatically), or the context already has a default connection
     * @throws EmailConnectionException if no connection could be obtained
     */
    EmailConnection createConnection(boolean asDefault);

    /**
     * The connection an operation without an explicit connection would run on, on the calling
     * thread, now. In {@link AllocationMode#USE_DEFAULT} this creates the context's default
     * connection if there is none.
     */
    EmailConnection currentConnection();

    /** Sends a NOOP on {@link #currentConnection()}. */
    void noop();

    /**
     * Sends a NOOP on the given connection.
     *
     * @throws IllegalArgumentException if the connection belongs to another client
     * @throws IllegalStateException if the connection is closed
     */
    void noop(EmailConnection connection);

    /** Whether {@link #close()} was called. */
    boolean isClosed();

    /** Releases every connection this client holds (main, default, independent). Idempotent. */
    @Override
    void close();
}
