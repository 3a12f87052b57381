package io.emailra.ra.client;

import io.emailra.api.AllocationMode;
import io.emailra.api.EmailClient;
import io.emailra.api.EmailClientFactory;
import io.emailra.api.EmailConnectionException;
import io.emailra.api.EmailException;
import io.emailra.ra.Credentials;
import io.emailra.ra.MailConnectionHandle;
import io.emailra.ra.MailConnectionRequestInfo;
import io.emailra.ra.MailManagedConnectionFactory;
import io.emailra.ra.MailSession;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;

import javax.naming.Reference;
import java.util.Objects;

/**
 * The connection factory applications look up: builds clients whose connections come from the
 * {@link ConnectionManager} (the container's pool, or the non-managed path's).
 */
public abstract class AbstractClientFactory<C extends EmailClient, S extends MailSession>
        implements EmailClientFactory<C> {

    private static final long serialVersionUID = 1L;

    private final MailManagedConnectionFactory<S> managedFactory;
    private final ConnectionManager connectionManager;
    private Reference reference;

    protected AbstractClientFactory(MailManagedConnectionFactory<S> managedFactory, ConnectionManager connectionManager) {
        this.managedFactory = managedFactory;
        this.connectionManager = connectionManager;
    }

    /** Builds the protocol client. */
    protected abstract C newClient(ClientContext<S> context);

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

    private C client(AllocationMode mode, ConnectionRequestInfo request) {
        ConnectionAllocator<S> allocator = new ConnectionAllocator<>(managedFactory.protocol(), mode,
                () -> allocate(request), managedFactory.transactionRegistry());
        return newClient(new ClientContext<>(allocator));
    }

    @SuppressWarnings("unchecked")
    private MailConnectionHandle<S> allocate(ConnectionRequestInfo request) {
        long started = System.nanoTime();
        try {
            return (MailConnectionHandle<S>) connectionManager.allocateConnection(managedFactory, request);
        } catch (ResourceException e) {
            throw allocationFailure(e, (System.nanoTime() - started) / 1_000_000);
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
