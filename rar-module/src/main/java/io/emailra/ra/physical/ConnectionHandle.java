package io.emailra.ra.physical;

/**
 * The JCA connection handle type ({@code connection-interface} in {@code ra.xml}): what
 * {@code ConnectionManager.allocateConnection} returns, the use of one physical connection for one
 * operation (or one POP3 session). Applications never see it; they use the
 * {@link io.emailra.api.EmailConnection}s of their clients.
 */
public interface ConnectionHandle<P extends PhysicalConnection> extends AutoCloseable {

    /**
     * Runs the operation on the physical connection.
     *
     * @throws IllegalStateException if the handle is closed or was invalidated
     */
    <T> T execute(MailOperation<P, T> operation);

    /** Whether operations can still run on it: open, associated and its physical connection not failed. */
    boolean isUsable();

    /** Returns the physical connection to the pool. Idempotent. */
    @Override
    void close();
}
