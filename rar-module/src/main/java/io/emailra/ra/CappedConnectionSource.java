package io.emailra.ra;

import io.emailra.api.EmailConnectionException;
import io.emailra.api.EmailException;
import io.emailra.ra.logical.ConnectionSource;
import io.emailra.ra.physical.ConnectionCaps;
import io.emailra.ra.physical.ConnectionFailures;
import io.emailra.ra.physical.ConnectionHandle;
import io.emailra.ra.physical.PhysicalConnection;
import io.emailra.ra.pool.NonManagedConnectionManager;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;

import java.time.Duration;

/**
 * Connection handles for one client's operations, each within the cap of its user (R16): a
 * refusal for the server's own limit lowers the cap and the operation waits for a place.
 */
final class CappedConnectionSource<P extends PhysicalConnection> implements ConnectionSource<P> {

    /**
     * How long an operation waits under its user's cap in a container, whose pool settings a resource
     * adapter cannot read: Payara's default {@code max-wait-time-in-millis}.
     */
    private static final Duration CONTAINER_POOL_WAIT = Duration.ofSeconds(60);

    private final MailManagedConnectionFactory<P> managedFactory;
    private final ConnectionManager connectionManager;
    private final MailConnectionRequestInfo request;
    /** The user the connections sign on as; null when the container chooses (its Subject). */
    private final String user;
    private final ConnectionCaps.Cap cap;
    /** Shorter takes are not waits: taking a free place costs a lock. */
    private static final long CAP_WAIT_NANOS = 100_000;

    /** How long an operation waits for a connection under its user's cap: the non-managed pool's wait, or the container's default. */
    private final Duration wait;
    /** Operations of one user at once: no more than emailra's own pool holds; a container's pool queues its own. */
    private final int ceiling;

    CappedConnectionSource(MailManagedConnectionFactory<P> managedFactory, ConnectionManager connectionManager,
                           MailConnectionRequestInfo request) {
        this.managedFactory = managedFactory;
        this.connectionManager = connectionManager;
        this.request = request;
        this.user = request != null ? request.credentials().user() : managedFactory.config().userName();
        this.cap = managedFactory.caps().of(user);
        NonManagedConnectionManager pool = connectionManager instanceof NonManagedConnectionManager own ? own : null;
        this.wait = pool != null ? pool.maxWait() : CONTAINER_POOL_WAIT;
        this.ceiling = pool != null ? pool.maxSize() : Integer.MAX_VALUE;
    }

    @Override
    public ConnectionHandle<P> allocate() {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long waiting = System.nanoTime();
            try {
                cap.take(deadline, ceiling, wait);
            } finally { // also a wait that ran out
                long waited = System.nanoTime() - waiting;
                if (waited > CAP_WAIT_NANOS) {
                    managedFactory.statistics().waitedForCap(waited);
                }
            }
            try {
                return handle();
            } catch (EmailConnectionException e) {
                cap.giveBack();
                if (!ConnectionFailures.isServerLimit(e) || System.nanoTime() - deadline >= 0) {
                    throw e;
                }
                cap.refusedAt(managedFactory.openConnections(user), ConnectionFailures.describe(e), deadline);
            } catch (RuntimeException | Error e) {
                cap.giveBack();
                throw e;
            }
        }
    }

    @Override
    public void release(ConnectionHandle<P> handle) {
        try {
            handle.close();
        } finally {
            cap.giveBack();
        }
    }

    @SuppressWarnings("unchecked")
    private ConnectionHandle<P> handle() {
        long started = System.nanoTime();
        try {
            return (ConnectionHandle<P>) connectionManager.allocateConnection(managedFactory, request);
        } catch (ResourceException e) {
            throw allocationFailure(e, (System.nanoTime() - started) / 1_000_000);
        }
    }

    /**
     * The emailra exception (or refused argument) behind a container's allocation failure, else a
     * connection failure naming the server, how long the caller waited and how many connections the factory has open
     * (the container's pool is full when its limit is reached).
     */
    private RuntimeException allocationFailure(ResourceException failure, long waitedMillis) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof EmailException || t instanceof IllegalArgumentException) {
                return (RuntimeException) t;
            }
            if (t instanceof InterruptedException) {
                // The container's pool consumed the interrupt; the caller's code must still see it.
                Thread.currentThread().interrupt();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        if (Thread.currentThread().isInterrupted()) {
            return new EmailConnectionException("interrupted while waiting for a pooled connection to "
                    + managedFactory.config().server(), failure);
        }
        return new EmailConnectionException("no pooled connection to " + managedFactory.config().server()
                + " after waiting " + waitedMillis + " ms; " + managedFactory.openConnections()
                + " physical connections of this factory are open (the container's pool bounds them): "
                + failure.getMessage(), failure);
    }
}
