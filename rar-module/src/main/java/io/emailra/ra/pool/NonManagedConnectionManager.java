package io.emailra.ra.pool;

import io.emailra.api.EmailConnectionException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ResourceAllocationException;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The JCA non-managed path: a {@link ConnectionManager} for use without an application server,
 * backed by a {@link ConnectionPool}. It uses the managed connections through the JCA interfaces only.
 * Connections are keyed by what they sign on as ({@link PooledConnectionFactory#connectionKey}), so a
 * physical connection is reused only for the same credentials; the pool is bounded, waits up to
 * {@link PoolSettings#maxWait()}, validates connections that were idle and evicts idle ones.
 */
public final class NonManagedConnectionManager implements ConnectionManager, AutoCloseable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(NonManagedConnectionManager.class.getName());

    private final transient PooledConnectionFactory factory;
    private final transient PoolSettings settings;
    private final transient ConnectionPool<Object, ManagedConnection> pool;
    /** The key of each connection handed out, to give it back under. */
    private final transient Map<ManagedConnection, Object> keys = new ConcurrentHashMap<>();
    private final transient ScheduledFuture<?> eviction;

    public NonManagedConnectionManager(PooledConnectionFactory factory, PoolSettings settings) {
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
        Object key = factory.connectionKey(info);
        ManagedConnection managed = borrow(key);
        keys.put(managed, key);
        try {
            return managed.getConnection(null, info);
        } catch (ResourceException | RuntimeException e) {
            keys.remove(managed);
            pool.giveBack(key, managed);
            throw e;
        }
    }

    private ManagedConnection borrow(Object key) throws ResourceException {
        try {
            return pool.borrow(key, settings.maxWait());
        } catch (ConnectionPool.Exhausted e) {
            ResourceAllocationException failure = new ResourceAllocationException(e.getMessage());
            failure.initCause(new EmailConnectionException("no pooled connection to " + factory.server()
                    + " within " + settings.maxWait().toMillis() + " ms: all " + settings.maxSize()
                    + " connections of the pool are in use", e));
            throw failure;
        } catch (InterruptedException e) {
            // The pool's wait consumed the interrupt; the caller's code must still see it.
            Thread.currentThread().interrupt();
            ResourceAllocationException failure = new ResourceAllocationException("interrupted");
            failure.initCause(new EmailConnectionException("interrupted while waiting for a pooled connection to "
                    + factory.server(), e));
            throw failure;
        } catch (ResourceException e) {
            throw e;
        } catch (IllegalStateException e) {
            if (!pool.isClosed()) {
                throw e;
            }
            ResourceAllocationException failure = new ResourceAllocationException("closed");
            failure.initCause(new EmailConnectionException("the pool of connections to " + factory.server()
                    + " is closed: its connection factory was closed (in OSGi: its configuration was updated or"
                    + " deleted, or emailra stopped); get the connection factory again", e));
            throw failure;
        } catch (Exception e) {
            throw new ResourceException("cannot get a connection to " + factory.server(), e);
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

    private record SerializedForm(PooledConnectionFactory factory, PoolSettings settings)
            implements Serializable {

        private Object readResolve() {
            return factory.nonManagedPool(settings);
        }
    }

    /** Opens, validates and destroys the pooled managed connections, and takes them back on their events. */
    private final class Connections implements ConnectionPool.Connections<Object, ManagedConnection>,
            ConnectionEventListener {

        @Override
        public ManagedConnection open(Object key) throws ResourceException {
            ManagedConnection managed = factory.openConnection(key);
            managed.addConnectionEventListener(this);
            return managed;
        }

        @Override
        public boolean isValid(ManagedConnection managed) {
            try {
                return factory.getInvalidConnections(Set.of(managed)).isEmpty();
            } catch (ResourceException e) {
                return false;
            }
        }

        @Override
        public void waited(long nanos) {
            factory.waitedForConnection(nanos);
        }

        @Override
        public void close(ManagedConnection managed) {
            try {
                managed.destroy();
            } catch (ResourceException | RuntimeException e) {
                LOG.log(Level.FINE, "emailra: closing a pooled connection failed", e);
            }
        }

        @Override
        public void connectionClosed(ConnectionEvent event) {
            ManagedConnection managed = (ManagedConnection) event.getSource();
            Object key = keys.remove(managed);
            if (key == null) {
                return; // not handed out by this pool, or given back already
            }
            try {
                managed.cleanup();
            } catch (ResourceException e) {
                pool.discard(managed);
                return;
            }
            pool.giveBack(key, managed);
        }

        @Override
        public void connectionErrorOccurred(ConnectionEvent event) {
            ManagedConnection managed = (ManagedConnection) event.getSource();
            if (keys.remove(managed) != null) {
                pool.discard(managed);
            }
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
