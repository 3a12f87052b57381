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
import org.apache.commons.pool2.BaseKeyedPooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericKeyedObjectPool;
import org.apache.commons.pool2.impl.GenericKeyedObjectPoolConfig;

import java.io.Serializable;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The JCA non-managed path: a {@link ConnectionManager} for use without an application server,
 * backed by a commons-pool2 keyed pool. Connections are keyed by credentials, so a physical
 * connection is reused only for the same credentials; the pool is bounded, waits up to
 * {@link PoolSettings#maxWait()}, validates connections that were idle and evicts idle ones.
 */
public final class NonManagedConnectionManager implements ConnectionManager, AutoCloseable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(NonManagedConnectionManager.class.getName());

    private final transient MailManagedConnectionFactory<?> factory;
    private final transient PoolSettings settings;
    private final transient GenericKeyedObjectPool<Credentials, MailManagedConnection<?>> pool;

    public NonManagedConnectionManager(MailManagedConnectionFactory<?> factory, PoolSettings settings) {
        ConfigValues.fitsInPool(factory.getClass().getSimpleName(), factory.config().maxConnectionsPerUser(),
                settings.maxSize());
        this.factory = factory;
        this.settings = settings;
        GenericKeyedObjectPoolConfig<MailManagedConnection<?>> config = new GenericKeyedObjectPoolConfig<>();
        config.setMaxTotal(settings.maxSize());
        config.setMaxTotalPerKey(settings.maxSize());
        config.setMaxIdlePerKey(settings.maxSize());
        config.setMaxWait(settings.maxWait());
        config.setBlockWhenExhausted(true);
        config.setTestOnBorrow(true);
        config.setMinEvictableIdleDuration(settings.idleTimeout());
        config.setTimeBetweenEvictionRuns(evictionInterval(settings.idleTimeout()));
        config.setJmxEnabled(false);
        this.pool = new GenericKeyedObjectPool<>(new Connections(), config);
    }

    private static Duration evictionInterval(Duration idleTimeout) {
        Duration half = idleTimeout.dividedBy(2);
        return half.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : half;
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
            pool.returnObject(credentials, managed);
            throw e;
        }
    }

    private MailManagedConnection<?> borrow(Credentials credentials) throws ResourceException {
        try {
            return pool.borrowObject(credentials);
        } catch (NoSuchElementException e) {
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
        return pool.getNumActive();
    }

    /** Physical connections idle in the pool now. */
    public int idleCount() {
        return pool.getNumIdle();
    }

    /** Closes the pool: idle connections now, the others when their handles are closed. */
    @Override
    public void close() {
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

    /** Creates, validates and destroys the pooled managed connections, and returns them on their events. */
    private final class Connections extends BaseKeyedPooledObjectFactory<Credentials, MailManagedConnection<?>>
            implements ConnectionEventListener {

        @Override
        public MailManagedConnection<?> create(Credentials credentials) throws ResourceException {
            MailManagedConnection<?> managed = factory.open(credentials);
            managed.addConnectionEventListener(this);
            return managed;
        }

        @Override
        public PooledObject<MailManagedConnection<?>> wrap(MailManagedConnection<?> managed) {
            return new DefaultPooledObject<>(managed);
        }

        @Override
        public boolean validateObject(Credentials credentials, PooledObject<MailManagedConnection<?>> pooled) {
            return pooled.getObject().isValid();
        }

        @Override
        public void destroyObject(Credentials credentials, PooledObject<MailManagedConnection<?>> pooled) {
            pooled.getObject().destroy();
        }

        @Override
        public void connectionClosed(ConnectionEvent event) {
            MailManagedConnection<?> managed = (MailManagedConnection<?>) event.getSource();
            Credentials credentials = managed.credentials();
            try {
                managed.cleanup();
                pool.returnObject(credentials, managed);
            } catch (ResourceException e) {
                invalidate(credentials, managed);
            }
        }

        @Override
        public void connectionErrorOccurred(ConnectionEvent event) {
            MailManagedConnection<?> managed = (MailManagedConnection<?>) event.getSource();
            invalidate(managed.credentials(), managed);
        }

        private void invalidate(Credentials credentials, MailManagedConnection<?> managed) {
            try {
                pool.invalidateObject(credentials, managed);
            } catch (Exception e) {
                LOG.log(Level.FINE, "emailra: could not invalidate " + managed, e);
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
