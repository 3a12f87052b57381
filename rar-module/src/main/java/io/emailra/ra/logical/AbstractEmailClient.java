package io.emailra.ra.logical;

import io.emailra.api.AllocationMode;
import io.emailra.api.EmailClient;
import io.emailra.api.EmailConnection;
import io.emailra.ra.config.Protocol;
import io.emailra.ra.physical.MailOperation;
import io.emailra.ra.physical.PhysicalConnection;

/**
 * What the three clients share: the connection rules and running an operation on the right
 * connection. Protocol clients validate their arguments, then call {@link #run}.
 */
public abstract class AbstractEmailClient<P extends PhysicalConnection> implements EmailClient {

    /**
     * Passed by the overloads without a connection: the operation runs on the connection the mode
     * chooses, resolved only after the arguments were checked.
     */
    protected static final EmailConnection CURRENT = new EmailConnection() {
        @Override
        public String id() {
            return "current";
        }

        @Override
        public Kind kind() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isClosed() {
            return false;
        }

        @Override
        public void close() {
            throw new UnsupportedOperationException();
        }
    };

    private final ConnectionAllocator<P> connections;

    protected AbstractEmailClient(ClientContext<P> context) {
        this.connections = context.allocator();
    }

    /** Runs the operation, known in the figures by its name (the API method's), on the connection. */
    protected final <T> T run(EmailConnection connection, String name, MailOperation<P, T> operation) {
        LogicalConnection<P> target = connection == CURRENT ? connections.current() : connections.resolve(connection);
        return target.execute(MailOperation.named(name, operation));
    }

    @Override
    public AllocationMode allocationMode() {
        return connections.mode();
    }

    @Override
    public EmailConnection createConnection() {
        return createConnection(false);
    }

    @Override
    public EmailConnection createConnection(boolean asDefault) {
        return connections.create(asDefault);
    }

    @Override
    public EmailConnection currentConnection() {
        return connections.current();
    }

    @Override
    public void noop() {
        noop(CURRENT);
    }

    @Override
    public void noop(EmailConnection connection) {
        run(connection, "noop", physical -> {
            physical.noop();
            return null;
        });
    }

    @Override
    public boolean isClosed() {
        return connections.isClosed();
    }

    @Override
    public void close() {
        connections.close();
    }
}
