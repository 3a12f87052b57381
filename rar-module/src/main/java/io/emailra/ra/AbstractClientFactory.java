package io.emailra.ra;

import io.emailra.api.AllocationMode;
import io.emailra.api.EmailClient;
import io.emailra.api.EmailClientFactory;
import io.emailra.ra.logical.Arguments;
import io.emailra.ra.logical.ClientContext;
import io.emailra.ra.logical.ConnectionAllocator;
import io.emailra.ra.physical.Credentials;
import io.emailra.ra.physical.PhysicalConnection;
import jakarta.resource.spi.ConnectionManager;

import javax.naming.Reference;
import java.util.Objects;

/**
 * The connection factory applications look up: builds clients whose connections come from the
 * {@link ConnectionManager} (the container's pool, or the non-managed path's).
 */
public abstract class AbstractClientFactory<C extends EmailClient, P extends PhysicalConnection>
        implements EmailClientFactory<C> {

    private static final long serialVersionUID = 1L;

    private final MailManagedConnectionFactory<P> managedFactory;
    private final ConnectionManager connectionManager;
    private Reference reference;

    protected AbstractClientFactory(MailManagedConnectionFactory<P> managedFactory, ConnectionManager connectionManager) {
        this.managedFactory = managedFactory;
        this.connectionManager = connectionManager;
    }

    /** Builds the protocol client. */
    protected abstract C newClient(ClientContext<P> context);

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
        ConnectionAllocator<P> allocator = new ConnectionAllocator<>(managedFactory.protocol(), mode,
                new CappedConnectionSource<>(managedFactory, connectionManager, request), this::newConnectionState,
                managedFactory.transactionRegistry(), managedFactory.statistics());
        return newClient(new ClientContext<>(allocator));
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
