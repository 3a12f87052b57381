package io.emailra.ra.pool;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ValidatingManagedConnectionFactory;

/**
 * What the non-managed path's pool needs of a managed connection factory beyond the JCA interfaces:
 * which requests may share a physical connection, and how to open one for them. Validation is the
 * JCA one ({@link ValidatingManagedConnectionFactory#getInvalidConnections}).
 */
public interface PooledConnectionFactory extends ValidatingManagedConnectionFactory {

    /** What a connection for this request signs on as: a physical connection is reused only for an equal key. */
    Object connectionKey(ConnectionRequestInfo info);

    /** Opens a physical connection signed on as the key says. */
    ManagedConnection openConnection(Object key) throws ResourceException;

    /** The server the connections go to, for messages. */
    String server();

    /** A borrower waited this long for a connection of the full pool (counted in the factory's figures). */
    default void waitedForConnection(long nanos) {
    }

    /** This factory's pool, made with these settings if it has none: what a serialized connection factory reads back. */
    NonManagedConnectionManager nonManagedPool(PoolSettings settings);
}
