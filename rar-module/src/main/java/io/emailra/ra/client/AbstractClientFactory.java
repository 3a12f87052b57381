package io.emailra.ra.client;

import io.emailra.api.AllocationMode;
import io.emailra.api.EmailClient;
import io.emailra.api.EmailClientFactory;
import io.emailra.api.EmailConnectionException;
import io.emailra.api.EmailException;
import io.emailra.ra.ConnectionCaps;
import io.emailra.ra.ConnectionFailures;
import io.emailra.ra.Credentials;
import io.emailra.ra.MailConnectionHandle;
import io.emailra.ra.MailConnectionRequestInfo;
import io.emailra.ra.MailManagedConnectionFactory;
import io.emailra.ra.MailSession;
import io.emailra.ra.pool.NonManagedConnectionManager;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;

import javax.naming.Reference;
import java.time.Duration;
import java.util.Objects;

/**
 * The connection factory applications look up: builds clients whose connections come from the
 * {@link ConnectionManager} (the container's pool, or the non-managed path's).
 */
public abstract class AbstractClientFactory<C extends EmailClient, S extends MailSession>
        implements EmailClientFactory<C> {

    private static final long serialVersionUID = 1L;
    private static final Duration CONTAINER_POOL_WAIT = Duration.ofSeconds(60);

    private final MailManagedConnectionFactory<S> managedFactory;
    private final ConnectionManager connectionManager;
    private Reference reference;

    protected AbstractClientFactory(MailManagedConnectionFactory<S> managedFactory, ConnectionManager connectionManager) {
        this.managedFactory = managedFactory;
        this.connectionManager = connectionManager;
    }

    /** Builds the protocol client. */
    protected abstract C newClient(ClientContext<S> context);

    /**
     * The state a new logical connection carries from operation to operation, whichever physical
     * connection runs them (R15), or null if the protocol has none.
     */
    protected Object newConnectionState() {
        return null;
    }

    @Override
    public C getClient() {
        return getClient(managedFactory.config().allocationMode());
    }

    @Override
    public C getClient(AllocationMode mode) {
        Objects.requireNonNull(mode, "mode must not be null");
        return client(mode, null);
    }

    @Override
    public C getClient(String user, String password) {
        return getClient(managedFactory.config().allocationMode(), user, password);
    }

    @Override
    public C getClient(AllocationMode mode, String user, String password) {
        Objects.requireNonNull(mode, "mode must not be null");
        Arguments.requireText(user, "user");
        Objects.requireNonNull(password, "password must not be null");
        return client(mode, new MailConnectionRequestInfo(new Credentials(user, password)));
    }

    private C client(AllocationMode mode, MailConnectionRequestInfo request) {
        ConnectionAllocator<S> allocator = new ConnectionAllocator<>(managedFactory.protocol(), mode,
                new CappedSource(request), this::newConnectionState, managedFactory.transactionRegistry());
        return newClient(new ClientContext<>(allocator));
    }

    /**
     * Connection handles for one client's operations, each within the cap of its user (R16): a
     * refusal for the server's own limit lowers the cap and the operation waits for a place.
     */
    private final class CappedSource implements ConnectionSource<S> {

        private final MailConnectionRequestInfo request;
        /** The user the connections sign on as; null when the container chooses (its Subject). */
        private final String user;
        private final ConnectionCaps.Cap cap;
        /**
         * How long an operation waits for a connection under its user's cap: the non-managed pool's
         * wait; in a container, whose pool settings a resource adapter cannot read, Payara's default
         * {@code max-wait-time-in-millis}.
         */
        private final Duration wait;
        /** Operations of one user at once: no more than emailra's own pool holds; a container's pool queues its own. */
        private final int ceiling;

        CappedSource(MailConnectionRequestInfo request) {
            this.request = request;
            this.user = request != null ? request.credentials().user() : managedFactory.config().userName();
            this.cap = managedFactory.caps().of(user);
            NonManagedConnectionManager pool = connectionManager instanceof NonManagedConnectionManager own ? own : null;
            this.wait = pool != null ? pool.maxWait() : CONTAINER_POOL_WAIT;
            this.ceiling = pool != null ? pool.maxSize() : Integer.MAX_VALUE;
        }

        @Override
        public MailConnectionHandle<S> allocate() {
            long deadline = System.nanoTime() + wait.toNanos();
            while (true) {
                cap.take(deadline, ceiling, wait);
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
        public void release(MailConnectionHandle<S> handle) {
            try {
                handle.close();
            } finally {
                cap.giveBack();
            }
        }

        @SuppressWarnings("unchecked")
        private MailConnectionHandle<S> handle() {
            long started = System.nanoTime();
            try {
                return (MailConnectionHandle<S>) connectionManager.allocateConnection(managedFactory, request);
            } catch (ResourceException e) {
                throw allocationFailure(e, (System.nanoTime() - started) / 1_000_000);
            }
        }
    }

    /**
     * The emailra exception (or refused argument) behind a container's allocation failure, else a connection failure
     * naming the server, how long the caller waited and how many connections the factory has open
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

    @Override
    public void setReference(Reference reference) {
        this.reference = reference;
    }

    @Override
    public Reference getReference() {
        return reference;
    }
}
