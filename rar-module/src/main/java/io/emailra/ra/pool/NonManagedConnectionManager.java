package io.emailra.ra.pool;

import io.emailra.api.EmailConnectionException;
import io.emailra.ra.Credentials;
import io.emailra.ra.MailManagedConnection;
import io.emailra.ra.MailManagedConnectionFactory;
import io.emailra.ra.config.ConfigValues;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAllocationException;
import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

/**
 * The JCA non-managed path: a {@link ConnectionManager} for use without an application server,
 * backed by a {@link ConnectionPool}. Connections are keyed by credentials, so a physical
 * connection is reused only for the same credentials; the pool is bounded, waits up to
 * {@link PoolSettings#maxWait()}, validates connections that were idle and evicts idle ones.
 */
public final class NonManagedConnectionManager implements ConnectionManager, AutoCloseable {

    private static final long serialVersionUID = 1L;

    private final transient MailManagedConnectionFactory<?> factory;
    private final transient PoolSettings settings;
    private final transient ConnectionPool<Credentials, MailManagedConnection<?>> pool;
    private final transient ScheduledFuture<?> eviction;

    public NonManagedConnectionManager(MailManagedConnectionFactory<?> factory, PoolSettings settings) {
        ConfigValues.fitsInPool(factory.getClass().getSimpleName(), factory.config().maxConnectionsPerUser(),
                settings.maxSize());
        this.factory = factory;
        this.settings = settings;
        this.pool = new ConnectionPool<>(new Connections(), settings.maxSize(), settings.idleTimeout());
        this.eviction = IdleEviction.every(settings.idleTimeout().dividedBy(2), pool);
    }

    @Override
    public Object allocateConnection(ManagedConnectionFactory requester, ConnectionRequestInfo info)
            throws ResourceException {
        if (requester != factory) {
            throw new ResourceException("this connection manager serves " + factory + " only");
        }
        Credentials credentials = factory.credentials(null, info);
        MailManagedConnection<?> managed = borrow(credentials);
        try {
            return managed.getConnection(null, info);
        } catch (ResourceException | RuntimeException e) {
            pool.giveBack(credentials, managed);
            throw e;
        }
    }

    private MailManagedConnection<?> borrow(Credentials credentials) throws ResourceException {
        try {
            return pool.borrow(credentials, settings.maxWait());
        } catch (ConnectionPool.Exhausted e) {
            ResourceAllocationException failure = new ResourceAllocationException(e.getMessage());
            failure.initCause(new EmailConnectionException("no pooled connection to " + factory.config().server()
                    + " within " + settings.maxWait().toMillis() + " ms: all " + settings.maxSize()
                    + " connections of the pool are in use", e));
            throw failure;
        } catch (InterruptedException e) {
            // The pool's wait consumed the interrupt; the caller's code must still see it.
            Thread.currentThread().interrupt();
            ResourceAllocationException failure = new ResourceAllocationException("interrupted");
            failure.initCause(new EmailConnectionException("interrupted while waiting for a pooled connection to "
                    + factory.config().server(), e));
            throw failure;
        } catch (ResourceException e) {
            throw e;
        } catch (IllegalStateException e) {
            if (!pool.isClosed()) {
                throw e;
            }
            ResourceAllocationException failure = new ResourceAllocationException("closed");
            failure.initCause(new EmailConnectionException("the pool of connections to " + factory.config().server()
                    + " is closed", e));
            throw failure;
        } catch (Exception e) {
            throw new ResourceException("cannot get a connection to " + factory.config().server(), e);
        }
    }

    /** The most physical connections the pool holds. */
    public int maxSize() {
        return settings.maxSize();
    }

    /** How long an allocation waits for a connection. */
    public Duration maxWait() {
        return settings.maxWait();
    }

    /** Physical connections handed out now. */
    public int activeCount() {
        return pool.activeCount();
    }

    /** Physical connections idle in the pool now. */
    public int idleCount() {
        return pool.idleCount();
    }

    /** Closes the pool: idle connections now, the others when their handles are closed. */
    @Override
    public void close() {
        eviction.cancel(false);
        pool.close();
    }

    /**
     * A connection factory holding this manager can be serialized (JCA asks it of connection
     * factories): what is written is the managed connection factory and the settings, and what is
     * read back is that factory's own pool, with the same settings.
     */
    private Object writeReplace() {
        return new SerializedForm(factory, settings);
    }

    private record SerializedForm(MailManagedConnectionFactory<?> factory, PoolSettings settings)
            implements Serializable {

        private Object readResolve() {
            return factory.nonManagedPool(settings);
        }
    }

    /** Opens, validates and destroys the pooled managed connections, and takes them back on their events. */
    private final class Connections implements ConnectionPool.Connections<Credentials, MailManagedConnection<?>>,
            ConnectionEventListener {

        @Override
        public MailManagedConnection<?> open(Credentials credentials) throws ResourceException {
            MailManagedConnection<?> managed = factory.open(credentials);
            managed.addConnectionEventListener(this);
            return managed;
        }

        @Override
        public boolean isValid(MailManagedConnection<?> managed) {
            return managed.isValid();
        }

        @Override
        public void close(MailManagedConnection<?> managed) {
            managed.destroy();
        }

        @Override
        public void connectionClosed(ConnectionEvent event) {
            MailManagedConnection<?> managed = (MailManagedConnection<?>) event.getSource();
            try {
                managed.cleanup();
            } catch (ResourceException e) {
                pool.discard(managed);
                return;
            }
            pool.giveBack(managed.credentials(), managed);
        }

        @Override
        public void connectionErrorOccurred(ConnectionEvent event) {
            pool.discard((MailManagedConnection<?>) event.getSource());
        }

        @Override
        public void localTransactionStarted(ConnectionEvent event) {
            // Mail connections are not transactional.
        }

        @Override
        public void localTransactionCommitted(ConnectionEvent event) {
            // Mail connections are not transactional.
        }

        @Override
        public void localTransactionRolledback(ConnectionEvent event) {
            // Mail connections are not transactional.
        }
    }
}
