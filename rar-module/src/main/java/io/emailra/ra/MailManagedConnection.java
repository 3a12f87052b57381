package io.emailra.ra;

import io.emailra.api.EmailConnectionException;
import io.emailra.api.EmailException;
import io.emailra.api.EmailProtocolException;
import io.emailra.ra.config.AngusContext;
import io.emailra.ra.config.MailServerConfig;
import io.emailra.ra.monitor.FactoryStatistics;
import io.emailra.ra.physical.ConnectionFailures;
import io.emailra.ra.physical.Credentials;
import io.emailra.ra.physical.MailOperation;
import io.emailra.ra.physical.PhysicalConnection;
import io.emailra.ra.physical.Refusals;
import jakarta.mail.MessagingException;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;
import jakarta.resource.spi.SecurityException;

import javax.security.auth.Subject;
import javax.transaction.xa.XAResource;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One pooled physical connection: an Angus {@code Store} or {@code Transport} signed on with one
 * set of credentials. Runs one operation at a time. Tells the container when a handle is closed
 * ({@code CONNECTION_CLOSED}) and when the physical connection failed
 * ({@code CONNECTION_ERROR_OCCURRED}); a failed one is never used again.
 */
public final class MailManagedConnection<P extends PhysicalConnection> implements ManagedConnection {

    private static final Logger LOG = Logger.getLogger(MailManagedConnection.class.getName());
    private static final AtomicLong IDS = new AtomicLong();

    private final String id;
    private final MailManagedConnectionFactory<P> factory;
    private final MailServerConfig config;
    private final Credentials credentials;
    private final P physical;
    private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
    private final Set<MailConnectionHandle<P>> handles = ConcurrentHashMap.newKeySet();
    private volatile boolean broken;
    /** Whether it is counted in use (guarded by {@code handles}). */
    private boolean inUse;
    private volatile boolean destroyed;
    private volatile long lastUsedNanos = System.nanoTime();
    private volatile PrintWriter logWriter;

    MailManagedConnection(MailManagedConnectionFactory<P> factory, MailServerConfig config, Credentials credentials,
                          P physical) {
        this.id = config.protocol().name().toLowerCase() + "-mc-" + IDS.incrementAndGet();
        this.factory = factory;
        this.config = config;
        this.credentials = credentials;
        this.physical = physical;
    }

    public String id() {
        return id;
    }

    /** The credentials this connection signed on with. */
    public Credentials credentials() {
        return credentials;
    }

    MailManagedConnectionFactory<P> factory() {
        return factory;
    }

    /** Counted in use while it has a handle (the container may hand out several). */
    private void handedOut() {
        synchronized (handles) {
            if (!inUse) {
                inUse = true;
                factory.statistics().inUse(1);
            }
        }
    }

    private void givenBack() {
        synchronized (handles) {
            if (inUse) {
                inUse = false;
                factory.statistics().inUse(-1);
            }
        }
    }

    /** Never used again; the first cause is counted. */
    private void broken(FactoryStatistics.Eviction cause) {
        if (!broken) {
            factory.statistics().evicted(cause);
        }
        broken = true;
    }

    /** Whether the physical connection failed; a broken connection is never handed out again. */
    public boolean isBroken() {
        return broken;
    }

    @Override
    public Object getConnection(Subject subject, ConnectionRequestInfo info) throws ResourceException {
        Credentials wanted = factory.credentials(subject, info);
        if (!credentials.equals(wanted)) {
            throw new SecurityException("managed connection " + id + " is signed on as " + credentials.user()
                    + ", not " + wanted.user() + "; re-authentication is not supported");
        }
        MailConnectionHandle<P> handle = new MailConnectionHandle<>(this);
        handles.add(handle);
        handedOut();
        return handle;
    }

    @SuppressWarnings("unchecked")
    @Override
    public void associateConnection(Object connection) throws ResourceException {
        if (!(connection instanceof MailConnectionHandle<?> handle)) {
            throw new ResourceException("not an emailra connection handle: " + connection);
        }
        MailConnectionHandle<P> typed = (MailConnectionHandle<P>) handle;
        typed.associate(this);
        handles.add(typed);
        handedOut();
    }

    /**
     * Runs an operation. A refused operation becomes an {@link EmailProtocolException} and leaves the
     * connection usable; a lost connection becomes an {@link EmailConnectionException}, marks this
     * connection broken and is reported to the container. Any other exception or error leaves the
     * protocol in an unknown state (a command may be half sent), so the connection is evicted too;
     * only emailra's own refusals ({@link EmailException}, and illegal arguments or states found
     * before anything is sent) keep it.
     */
    <T> T execute(MailConnectionHandle<P> handle, MailOperation<P, T> operation) {
        synchronized (physical) {
            long start = System.nanoTime();
            FactoryStatistics.Outcome outcome = FactoryStatistics.Outcome.REFUSED;
            try {
                T result = AngusContext.run(() -> operation.apply(physical));
                outcome = FactoryStatistics.Outcome.OK;
                return result;
            } catch (MessagingException e) {
                if (!ConnectionFailures.isConnectionLoss(e)) {
                    throw Refusals.of(config.server() + " refused the operation: " + ConnectionFailures.describe(e), e);
                }
                outcome = FactoryStatistics.Outcome.CONNECTION_FAILURE;
                throw evict(handle, e);
            } catch (EmailException | IllegalArgumentException | IllegalStateException e) {
                throw e;
            } catch (RuntimeException | Error e) {
                outcome = FactoryStatistics.Outcome.CONNECTION_FAILURE;
                evict(handle, e);
                throw e;
            } finally {
                lastUsedNanos = System.nanoTime();
                factory.statistics().operation(operation.name(), outcome, lastUsedNanos - start);
            }
        }
    }

    private EmailConnectionException evict(MailConnectionHandle<P> handle, Throwable cause) {
        broken(FactoryStatistics.Eviction.CONNECTION_FAILURE);
        EmailConnectionException failure = new EmailConnectionException(
                "connection " + id + " to " + config.server() + " failed: " + ConnectionFailures.describe(cause), cause);
        LOG.log(Level.WARNING, "emailra: connection {0} to {1} failed and is evicted: {2}",
                new Object[]{id, config.server(), cause.toString()});
        fire(ConnectionEvent.CONNECTION_ERROR_OCCURRED, handle, failure);
        return failure;
    }

    void handleClosed(MailConnectionHandle<P> handle) {
        handles.remove(handle);
        if (handles.isEmpty()) {
            givenBack();
        }
        lastUsedNanos = System.nanoTime();
        // The container already discards a broken connection; a CLOSED event would return it to the pool.
        if (!broken) {
            fire(ConnectionEvent.CONNECTION_CLOSED, handle, null);
        }
    }

    /**
     * Whether the pool may hand this connection out again: not broken, and, if it was idle at least
     * {@code validateAfterIdleMillis}, it answered the protocol's check (NOOP, or RSET for SMTP).
     * A connection that fails the check is broken from then on.
     */
    public boolean isValid() {
        if (broken) {
            return false;
        }
        long idleMillis = (System.nanoTime() - lastUsedNanos) / 1_000_000;
        if (idleMillis < config.validateAfterIdleMillis()) {
            return true;
        }
        synchronized (physical) {
            try {
                physical.validate();
                lastUsedNanos = System.nanoTime();
                return true;
            } catch (MessagingException | RuntimeException e) {
                broken(FactoryStatistics.Eviction.VALIDATION_FAILURE);
                return false;
            }
        }
    }

    @Override
    public void cleanup() throws ResourceException {
        handles.forEach(MailConnectionHandle::invalidate);
        handles.clear();
        givenBack();
        if (broken) {
            throw new ResourceException("connection " + id + " to " + config.server() + " is broken");
        }
        synchronized (physical) {
            try {
                physical.reset();
            } catch (MessagingException | RuntimeException e) {
                broken(FactoryStatistics.Eviction.CLEANUP_FAILURE);
                throw new ResourceException("connection " + id + " to " + config.server()
                        + " could not be reset: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void destroy() {
        if (!destroyed) {
            destroyed = true;
            factory.connectionDestroyed(credentials);
        }
        broken = true;
        handles.forEach(MailConnectionHandle::invalidate);
        handles.clear();
        givenBack();
        physical.close();
    }

    @Override
    public void addConnectionEventListener(ConnectionEventListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeConnectionEventListener(ConnectionEventListener listener) {
        listeners.remove(listener);
    }

    private void fire(int type, Object handle, Exception failure) {
        ConnectionEvent event = failure == null ? new ConnectionEvent(this, type) : new ConnectionEvent(this, type, failure);
        event.setConnectionHandle(handle);
        for (ConnectionEventListener listener : listeners) {
            if (type == ConnectionEvent.CONNECTION_CLOSED) {
                listener.connectionClosed(event);
            } else {
                listener.connectionErrorOccurred(event);
            }
        }
    }

    /** An SMTP connection of a factory that sends on commit takes part in XA transactions; the others do not. */
    @Override
    public XAResource getXAResource() throws ResourceException {
        XAResource branch = physical.xaResource();
        if (branch == null) {
            throw new NotSupportedException(id + " takes no part in transactions: only SMTP connections with"
                    + " deliveryMode=ON_COMMIT do");
        }
        return branch;
    }

    @Override
    public LocalTransaction getLocalTransaction() throws ResourceException {
        throw new NotSupportedException("mail connections have no local transactions");
    }

    @Override
    public ManagedConnectionMetaData getMetaData() {
        return new MailManagedConnectionMetaData(config, credentials);
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public String toString() {
        return "MailManagedConnection[" + id + ", " + config.server() + ", user=" + credentials.user()
                + (broken ? ", broken" : "") + "]";
    }
}
