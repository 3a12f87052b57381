package io.emailra.ra;

/**
 * The JCA connection handle type ({@code connection-interface} in {@code ra.xml}): what
 * {@code ConnectionManager.allocateConnection} returns. Applications never see it; they use the
 * {@link io.emailra.api.EmailConnection}s of their clients.
 */
public interface MailConnection extends AutoCloseable {

    /** Returns the physical connection to the pool. Idempotent. */
    @Override
    void close();
}
