package io.emailra.ra;

import io.emailra.ra.physical.ConnectionHandle;
import io.emailra.ra.physical.MailOperation;
import io.emailra.ra.physical.PhysicalConnection;

/**
 * The connection handle a {@link MailManagedConnection} gives out. It runs operations on the
 * managed connection it is associated with until it is closed, or until the container cleans up
 * or destroys that managed connection.
 */
public final class MailConnectionHandle<P extends PhysicalConnection> implements ConnectionHandle<P> {

    private volatile MailManagedConnection<P> managed;
    private volatile boolean closed;

    MailConnectionHandle(MailManagedConnection<P> managed) {
        this.managed = managed;
    }

    @Override
    public <T> T execute(MailOperation<P, T> operation) {
        MailManagedConnection<P> current = managed;
        if (closed || current == null) {
            throw new IllegalStateException("connection handle is closed");
        }
        return current.execute(this, operation);
    }

    @Override
    public boolean isUsable() {
        MailManagedConnection<P> current = managed;
        return !closed && current != null && !current.isBroken();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        MailManagedConnection<P> current = managed;
        managed = null;
        if (current != null) {
            current.handleClosed(this);
        }
    }

    void associate(MailManagedConnection<P> newManaged) {
        managed = newManaged;
    }

    void invalidate() {
        closed = true;
        managed = null;
    }
}
