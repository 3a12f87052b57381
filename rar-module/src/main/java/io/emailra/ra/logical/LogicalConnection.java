package io.emailra.ra.logical;

import io.emailra.api.EmailConnection;
import io.emailra.ra.physical.ConnectionHandle;
import io.emailra.ra.physical.MailOperation;
import io.emailra.ra.physical.PhysicalConnection;

import java.util.concurrent.locks.ReentrantLock;

/**
 * An {@link EmailConnection}: what the user sees of a connection (its kind, its owner, the state
 * in force such as the selected folder) and the lock that makes each of its operations atomic and
 * serializes the operations that share it (R11). It holds a physical connection only while an
 * operation runs (R14): each operation takes one from the {@link ConnectionSource} and gives it back
 * afterwards, except that a POP3 session in progress keeps its own ({@link PhysicalConnection#pinned()}).
 * The state travels with the logical connection and is bound to whichever physical connection runs
 * the operation (R15).
 *
 * <p>Lock order, outermost first: this connection's lock; then, one at a time and each released
 * before the next is taken, the user's cap ({@code ConnectionCaps.Cap}), the user's sign-on turn
 * ({@code OpenConnections}), the pool's lock ({@code ConnectionPool}, or the
 * container's); then the physical connection's monitor ({@code MailManagedConnection}) for the
 * operation. None of the inner locks is held while another is taken, so no two threads wait on
 * each other.
 */
public final class LogicalConnection<P extends PhysicalConnection> implements EmailConnection {

    private final String id;
    private final Kind kind;
    private final ConnectionAllocator<P> owner;
    private final Object state;
    private final ReentrantLock lock = new ReentrantLock();
    /** The physical connection kept between operations (a POP3 session in progress), else null. */
    private ConnectionHandle<P> pinned;
    private volatile boolean closed;
    /** The context a default connection is bound to (a transaction key or a thread); null otherwise. */
    private volatile Object binding;
    /** Where an independent connection was created, for the report if its user never closes it. */
    private final Throwable createdAt;

    public LogicalConnection(String id, Kind kind, ConnectionAllocator<P> owner, Object state) {
        this.id = id;
        this.kind = kind;
        this.owner = owner;
        this.state = state;
        this.createdAt = kind == Kind.INDEPENDENT ? new Throwable("connection " + id + " was created here") : null;
    }

    /** Where it was created, if it is one its user must close; else null. */
    Throwable createdAt() {
        return createdAt;
    }

    public <T> T execute(MailOperation<P, T> operation) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("connection " + id + " is closed");
            }
            ConnectionHandle<P> handle = pinned;
            pinned = null;
            if (handle != null && !handle.isUsable()) {
                owner.source().release(handle);
                handle = null;
            }
            if (handle == null) {
                handle = owner.source().allocate();
            }
            boolean[] keep = {false};
            try {
                return handle.execute(MailOperation.named(operation.name(), physical -> {
                    physical.bind(state);
                    try {
                        return operation.apply(physical);
                    } finally {
                        keep[0] = physical.pinned();
                        physical.bind(null);
                    }
                }));
            } finally {
                if (keep[0] && handle.isUsable()) {
                    pinned = handle;
                } else {
                    owner.source().release(handle);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Forgets this connection, giving back a physical connection it still keeps; idempotent. */
    void release() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (pinned != null) {
                owner.source().release(pinned);
                pinned = null;
            }
        } finally {
            lock.unlock();
        }
        owner.released(this);
    }

    ConnectionAllocator<P> owner() {
        return owner;
    }

    Object binding() {
        return binding;
    }

    void bindTo(Object context) {
        binding = context;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Kind kind() {
        return kind;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (kind == Kind.MAIN) {
            throw new IllegalStateException("the main connection " + id
                    + " cannot be closed; it is released when its client closes");
        }
        release();
    }

    @Override
    public String toString() {
        return "EmailConnection[" + id + ", " + kind + (closed ? ", closed" : "") + "]";
    }
}
