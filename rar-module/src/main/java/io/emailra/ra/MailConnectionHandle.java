package io.emailra.ra;

/**
 * The connection handle a {@link MailManagedConnection} gives out. It runs operations on the
 * managed connection it is associated with until it is closed, or until the container cleans up
 * or destroys that managed connection.
 */
public final class MailConnectionHandle<S extends MailSession> implements MailConnection {

    private volatile MailManagedConnection<S> managed;
    private volatile boolean closed;

    MailConnectionHandle(MailManagedConnection<S> managed) {
        this.managed = managed;
    }

    /**
     * Runs the operation on the physical connection.
     *
     * @throws IllegalStateException if the handle is closed or was invalidated
     */
    public <T> T execute(MailOperation<S, T> operation) {
        MailManagedConnection<S> current = managed;
        if (closed || current == null) {
            throw new IllegalStateException("connection handle is closed");
        }
        return current.execute(this, operation);
    }

    /** Whether operations can still run on it: open, associated and its physical connection not failed. */
    public boolean isUsable() {
        MailManagedConnection<S> current = managed;
        return !closed && current != null && !current.isBroken();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        MailManagedConnection<S> current = managed;
        managed = null;
        if (current != null) {
            current.handleClosed(this);
        }
    }

    void associate(MailManagedConnection<S> newManaged) {
        managed = newManaged;
    }

    void invalidate() {
        closed = true;
        managed = null;
    }
}
